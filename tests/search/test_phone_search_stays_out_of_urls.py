"""A full phone number typed into the roster search never reaches a URL: the person and
household lists POST their filter form (CSRF-checked) and render the results from the
body, live search included; the page links POST the same fields again. The search is
still found, still filtered, and still logged (masked) as a read of personal data."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sanwei.core.models import ActionLog

from ..factories import HouseholdFactory, PersonFactory

PHONE = "13912345678"


def _digits_of_phone_in(text: str) -> bool:
    return any(part in text for part in (PHONE, PHONE[-4:], PHONE[3:7]))


def _names(response) -> list[str]:
    return [p.name for p in response.context["page_obj"].object_list]


def _no_phone_in_request(response) -> None:
    request = response.wsgi_request
    assert not _digits_of_phone_in(request.get_full_path())
    assert request.META.get("QUERY_STRING", "") == "" or not _digits_of_phone_in(
        request.META["QUERY_STRING"]
    )
    assert not _digits_of_phone_in(response.get("Location", ""))


@pytest.fixture
def wang(tree):
    return PersonFactory(name="王秀兰", region=tree["village_a"], phone=PHONE)


def test_the_list_page_posts_its_search_form_with_a_csrf_token(login, secretary_a, wang):
    body = login(secretary_a).get(reverse("people:person_list")).content.decode()

    form = re.search(r'<form method="(\w+)" class="toolbar" role="search"[^>]*>', body)
    assert form is not None and form.group(1) == "post"
    assert "hx-post=" in form.group(0) and "hx-push-url" not in form.group(0)
    assert 'name="csrfmiddlewaretoken"' in body
    assert '<input type="hidden" name="search" value="1">' in body
    search_box = re.search(r'<input type="search" name="q"[^>]*>', body, re.S).group(0)
    assert "hx-post=" in search_box and "hx-get" not in search_box


def test_a_full_phone_posted_finds_the_person_and_no_digit_is_in_the_url(
    login, secretary_a, wang, tree
):
    PersonFactory(name="李四", region=tree["village_a"], phone="13700000000")

    response = login(secretary_a).post(reverse("people:person_list"), {"q": PHONE, "search": "1"})

    assert response.status_code == 200
    assert _names(response) == ["王秀兰"]
    _no_phone_in_request(response)
    assert response.wsgi_request.get_full_path() == "/people/"
    # The box shows what was typed, and the masked phone is in the table.
    assert f'value="{PHONE}"' in response.content.decode()


def test_the_live_search_posts_and_gets_the_results_only(login, secretary_a, wang):
    response = login(secretary_a).post(
        reverse("people:person_list"),
        {"q": PHONE, "search": "1"},
        headers={"HX-Request": "true", "HX-Target": "person-results"},
    )

    assert response.status_code == 200
    assert _names(response) == ["王秀兰"]
    assert "<h1>" not in response.content.decode()
    _no_phone_in_request(response)


def test_a_posted_search_keeps_the_other_filters(login, secretary_a, wang, tree):
    PersonFactory(name="王秀兰", region=tree["village_a"], phone=PHONE, party_status="formal",
                  party_joined_on="2001-07-01")  # fmt: skip

    client = login(secretary_a)
    party = client.post(reverse("people:person_list"), {"q": PHONE, "party": "1", "search": "1"})
    not_party = client.post(
        reverse("people:person_list"), {"q": PHONE, "party": "0", "search": "1"}
    )

    assert [p.party_status for p in party.context["page_obj"].object_list] == ["formal"]
    assert [p.party_status for p in not_party.context["page_obj"].object_list] == [""]


def test_the_page_links_of_a_posted_search_post_it_again(login, secretary_a, tree):
    for n in range(51):
        PersonFactory(name=f"王{n:02d}", region=tree["village_a"], phone=PHONE)
    client = login(secretary_a)

    first = client.post(reverse("people:person_list"), {"q": PHONE, "search": "1"})
    body = first.content.decode()

    assert len(_names(first)) == 50
    page_form = re.search(r'<form method="post" id="page-form" hidden>(.*?)</form>', body, re.S)
    assert page_form is not None
    assert f'<input type="hidden" name="q" value="{PHONE}">' in page_form.group(1)
    assert '<input type="hidden" name="search" value="1">' in page_form.group(1)
    assert 'form="page-form" formaction="?page=2"' in body
    assert not re.search(r'href="[^"]*' + PHONE[-4:], body)

    second = client.post(reverse("people:person_list") + "?page=2", {"q": PHONE, "search": "1"})
    assert second.status_code == 200
    assert _names(second) == ["王50"]
    _no_phone_in_request(second)


def test_a_search_post_without_the_csrf_token_is_refused(secretary_a, wang):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary_a)

    response = client.post(reverse("people:person_list"), {"q": PHONE, "search": "1"})

    assert response.status_code == 403


def test_the_posted_search_is_logged_masked_as_a_read(login, secretary_a, wang):
    login(secretary_a).post(reverse("people:person_list"), {"q": PHONE, "search": "1"})

    logged = ActionLog.objects.filter(action_type="sanwei.person.searched")
    assert [(log.user.username, log.data) for log in logged] == [
        ("secretary_a", {"query": "*******5678"})
    ]


def test_the_household_list_searches_its_heads_by_phone_through_a_post(login, secretary_a, tree):
    household = HouseholdFactory(region=tree["village_a"], number="H-7")
    PersonFactory(name="王秀兰", region=tree["village_a"], phone=PHONE, household=household,
                  relation_to_head="head")  # fmt: skip
    HouseholdFactory(region=tree["village_a"], number="H-8")

    client = login(secretary_a)
    response = client.post(reverse("people:household_list"), {"q": PHONE, "search": "1"})

    assert response.status_code == 200
    assert [h.pk for h in response.context["page_obj"].object_list] == [household.pk]
    _no_phone_in_request(response)
    form = re.search(r'<form method="(\w+)" class="toolbar"', client.get(
        reverse("people:household_list")).content.decode())  # fmt: skip
    assert form.group(1) == "post"


def test_a_post_that_is_not_a_search_is_refused(login, secretary_a, wang):
    client = login(secretary_a)

    assert client.post(reverse("people:person_list"), {"q": PHONE}).status_code == 405
    pending = client.post(reverse("checkin:pending"), {"status": "pending", "search": "1"})
    assert pending.status_code == 405  # a list without a phone search takes no POST
