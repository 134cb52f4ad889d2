"""Every other box that searches residents (and so takes phone digits) sends what was
typed in a POST body: the activity page's person search, the pickers, the roster
ticking, the mobile-lecture residents, and the API's `POST /people/search`. A full phone
finds the person; no digit of it is in the request's URL or a redirect."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sanwei.accounts.tokens import create_token
from sanwei.core.models import ActionLog

from ..factories import ActivityFactory, CampaignFactory, PersonFactory, TeamFactory

PHONE = "13912345678"


def _clean(response) -> None:
    for text in (response.wsgi_request.get_full_path(), response.get("Location", "")):
        assert PHONE not in text and PHONE[-4:] not in text and PHONE[3:7] not in text


@pytest.fixture
def wang(tree):
    return PersonFactory(name="王秀兰", region=tree["village_a"], phone=PHONE)


@pytest.fixture
def activity(tree):
    return ActivityFactory(campaign=CampaignFactory(region=tree["town"]), region=tree["village_a"])


def test_the_activity_page_posts_its_person_search(login, secretary_a, activity, wang, tree):
    PersonFactory(name="王秀", region=tree["village_a"], phone="13700000000")
    client = login(secretary_a)
    page = client.get(reverse("activities:activity_detail", args=[activity.pk])).content.decode()
    url = reverse("activities:attendance_add", args=[activity.pk])

    form = re.search(r'<form method="(\w+)" action="' + url + r'" class="toolbar" role="search"',
                     page)  # fmt: skip
    assert form is not None and form.group(1) == "post"
    assert f'hx-post="{url}" hx-trigger="input changed' in page
    response = client.post(url, {"q": PHONE, "search": "1"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert [r["person"] for r in response.context["results"]] == [wang]
    assert "139****5678" in response.content.decode()
    assert not ActionLog.objects.filter(action_type="sanwei.attendance.recorded").exists()
    _clean(response)


def test_a_person_picker_posts_its_search_and_refuses_a_post_without_it(
    login, secretary_a, wang, tree
):
    team = TeamFactory(region=tree["village_a"])
    client = login(secretary_a)
    url = f"/teams/{team.pk}/members/candidates/"
    page = client.get(f"/teams/{team.pk}/members/add/").content.decode()

    assert f'hx-post="{url}" hx-vals=\'{{"search": 1}}\'' in page
    found = client.post(url, {"q": PHONE, "search": "1"})
    assert found.status_code == 200
    assert "王秀兰" in found.content.decode()
    _clean(found)
    assert client.post(url, {"q": PHONE}).status_code == 405


def test_the_roster_filters_through_a_post_and_keeps_the_search_out_of_links(
    login, secretary_a, activity, wang, tree
):
    PersonFactory(name="李四", region=tree["village_a"], phone="13700000000")
    client = login(secretary_a)
    url = reverse("recording:roster", args=[activity.pk])

    found = client.post(url, {"q": PHONE, "search": "1", "role": "audience"})

    assert found.status_code == 200
    body = found.content.decode()
    assert re.findall(r"<strong>([^<]+)</strong>", body) == ["王秀兰"]
    assert not re.search(r'(href|hx-get|formaction)="[^"]*' + PHONE[-4:], body)
    _clean(found)
    # Recording the ticked person (a POST without `search`) redirects without the search.
    recorded = client.post(url, {"q": PHONE, "role": "audience", "person": [wang.pk]})
    assert recorded.status_code == 302
    assert recorded["Location"] == f"{url}?role=audience"
    _clean(recorded)


def test_the_mobile_lecture_residents_are_searched_through_a_post(login, secretary_a, wang, tree):
    team = TeamFactory(region=tree["village_a"])
    client = login(secretary_a)

    response = client.post(
        reverse("classroom:lecture_residents"), {"team": team.pk, "q": PHONE, "search": "1"}
    )

    assert response.status_code == 200
    assert "王秀兰" in response.content.decode()
    _clean(response)
    form = client.get(reverse("classroom:lecture_create")).content.decode()
    assert 'hx-get="' + reverse("classroom:lecture_residents") not in form


def test_the_api_searches_people_with_the_filters_in_the_body(client, secretary_a, wang, tree):
    PersonFactory(name="李四", region=tree["village_a"], phone="13700000000")
    token = create_token(secretary_a, "search")

    response = client.post(
        "/api/v1/people/search",
        {"q": PHONE},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code == 200
    assert [(p["name"], p["phone_masked"]) for p in response.json()["items"]] == [
        ("王秀兰", "139****5678")
    ]
    assert response.json()["count"] == 1
    _clean(response)
    logged = ActionLog.objects.filter(action_type="sanwei.person.searched")
    assert [log.data for log in logged] == [{"query": "*******5678"}]


def test_the_api_search_takes_the_list_filters_and_refuses_a_bad_one(
    client, secretary_a, wang, tree
):
    token = create_token(secretary_a, "search")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}", "content_type": "application/json"}

    party = client.post("/api/v1/people/search", {"q": PHONE, "party": True}, **auth)
    elsewhere = client.post("/api/v1/people/search", {"q": PHONE, "region": "999"}, **auth)

    assert (party.status_code, party.json()["count"]) == (200, 0)
    assert elsewhere.status_code == 400
    assert elsewhere.json()["field"] == "region"
