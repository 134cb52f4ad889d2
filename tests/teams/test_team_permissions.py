"""Who may write to teams: volunteers and county viewers read only."""

import pytest

from sanwei.teams.models import Membership, Team, TeamKind


@pytest.fixture
def pages(lecture_team, resident_a):
    from ..factories import MembershipFactory

    membership = MembershipFactory(team=lecture_team, person=resident_a)
    return {
        "create": "/teams/new/",
        "edit": f"/teams/{lecture_team.pk}/edit/",
        "delete": f"/teams/{lecture_team.pk}/delete/",
        "add": f"/teams/{lecture_team.pk}/members/add/",
        "candidates": f"/teams/{lecture_team.pk}/members/candidates/",
        "end": f"/teams/members/{membership.pk}/end/",
        "remove": f"/teams/members/{membership.pk}/delete/",
    }


@pytest.mark.parametrize("user_fixture", ["volunteer_a", "county_viewer"])
def test_read_only_users_get_403_on_every_write(request, login, pages, tree, user_fixture):
    client = login(request.getfixturevalue(user_fixture))
    for name in ("create", "edit", "add", "candidates"):
        assert client.get(pages[name]).status_code == 403, name
    body = {"name": "x", "kind": TeamKind.LECTURE, "region": tree["village_a"].pk}
    for name, url in pages.items():
        assert client.post(url, body).status_code in (403, 405), name
    assert Team.unscoped.count() == 1
    assert Membership.unscoped.get().ended_on is None


def test_read_only_users_can_read_list_and_detail(login, county_viewer, volunteer_a, lecture_team):
    for user in (county_viewer, volunteer_a):
        client = login(user)
        assert client.get("/teams/").status_code == 200
        assert client.get(f"/teams/{lecture_team.pk}/").status_code == 200
