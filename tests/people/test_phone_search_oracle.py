"""The phone search is no oracle: a user who sees phones masked (138****1234) finds a person
by exactly the last four digits, which the mask shows anyway, and by no longer or shorter
tail, so the hidden middle digits cannot be guessed one at a time."""

import pytest
from django.urls import reverse

from sanwei.accounts.models import Role

from ..factories import PersonFactory, user_with_role

PHONE = "13800001234"


@pytest.fixture
def resident(tree):
    return PersonFactory(name="张三", region=tree["village_a"], phone=PHONE)


@pytest.fixture
def team_leader(tree):
    return user_with_role(Role.TEAM_LEADER, tree["village_a"], username="team_leader")


def _page_names(client, query: str) -> set[str]:
    response = client.get(reverse("people:person_list"), {"q": query})
    assert response.status_code == 200
    return {p.name for p in response.context["page_obj"].object_list}


def _api_names(api, query: str) -> set[str]:
    response = api.get("/api/v1/people/", {"q": query})
    assert response.status_code == 200
    return {p["name"] for p in response.json()["items"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("1234", {"张三"}),  # the four digits the mask shows
        ("01234", set()),  # one guessed digit more
        ("001234", set()),
        ("138-0000-1234", set()),  # the whole number is a tail too
        ("4", set()),
        ("234", set()),
        ("5678", set()),
    ],
)
def test_team_leader_finds_a_phone_by_exactly_its_last_four_digits(
    login, api_as, team_leader, resident, query, expected
):
    assert _page_names(login(team_leader), query) == expected
    assert _api_names(api_as(team_leader), query) == expected


@pytest.mark.parametrize(("query", "expected"), [("1234", {"张三"}), ("01234", set())])
def test_county_viewer_finds_a_phone_by_exactly_its_last_four_digits(
    api_as, county_viewer, resident, query, expected
):
    assert _api_names(api_as(county_viewer), query) == expected


def test_secretary_who_may_see_phones_keeps_the_longer_tail_search(login, secretary_a, resident):
    client = login(secretary_a)
    assert _page_names(client, "01234") == {"张三"}
    assert _page_names(client, "13800001234") == {"张三"}


def test_attendance_search_of_a_team_leader_ignores_a_longer_tail(
    login, team_leader, resident, tree
):
    from ..factories import ActivityFactory

    activity = ActivityFactory(region=tree["village_a"])
    client = login(team_leader)
    url = reverse("activities:attendance_add", args=[activity.pk])
    assert "张三" in client.get(url, {"q": "1234"}).content.decode()
    assert "张三" not in client.get(url, {"q": "01234"}).content.decode()
