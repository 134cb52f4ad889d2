"""The team list: the user's subtree, filters, member counts in one query."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanwei.teams.models import TeamKind

from ..factories import MembershipFactory, PersonFactory, TeamFactory


def names(response) -> set[str]:
    return {t.name for t in response.context["page_obj"]}


def test_the_list_shows_the_subtree_only(login, secretary_a, tree, lecture_team, squad_a):
    TeamFactory(name="双岗村宣讲队", region=tree["village_b"])
    TeamFactory(name="通津铺村宣讲队", region=tree["other_village"])
    response = login(secretary_a).get("/teams/")
    assert response.status_code == 200
    assert names(response) == {"东岳观村宣讲队", "东岳观村志愿服务小队"}


def test_filter_by_kind_and_region(login, town_admin, tree, lecture_team, squad_a):
    TeamFactory(name="双岗村宣讲队", region=tree["village_b"])
    client = login(town_admin)
    assert names(client.get("/teams/", {"kind": TeamKind.SQUAD})) == {"东岳观村志愿服务小队"}
    assert names(client.get("/teams/", {"region": tree["village_b"].code})) == {"双岗村宣讲队"}
    assert names(
        client.get("/teams/", {"region": tree["town"].code, "kind": TeamKind.LECTURE})
    ) == {
        "东岳观村宣讲队",
        "双岗村宣讲队",
    }


def test_member_counts_count_open_memberships(login, town_admin, tree, lecture_team):
    for _ in range(3):
        MembershipFactory(team=lecture_team, person=PersonFactory(region=tree["village_a"]))
    MembershipFactory(
        team=lecture_team,
        person=PersonFactory(region=tree["village_a"]),
        ended_on=dt.date(2023, 1, 1),
    )
    response = login(town_admin).get("/teams/")
    (team,) = list(response.context["page_obj"])
    assert team.member_count == 3
    assert ">3<" in response.content.decode()


def test_the_number_of_queries_does_not_grow_with_the_teams(login, town_admin, tree):
    client = login(town_admin)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/teams/").status_code == 200
        return len(ctx.captured_queries)

    team = TeamFactory(region=tree["village_a"])
    MembershipFactory(team=team, person=PersonFactory(region=tree["village_a"]))
    few = count_queries()
    for n in range(10):
        team = TeamFactory(name=f"队{n}", region=tree["village_b"])
        MembershipFactory(team=team, person=PersonFactory(region=tree["village_b"]))
    assert count_queries() == few


def test_a_volunteer_can_read_the_list_but_not_post_to_it(login, volunteer_a, lecture_team):
    client = login(volunteer_a)
    response = client.get("/teams/")
    assert response.status_code == 200
    assert "新建队伍" not in response.content.decode()
    assert client.post("/teams/").status_code == 405
