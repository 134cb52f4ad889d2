"""Lecture team pages: the members with their lecturer category, and the lectures with their
audience by month (Beijing time) — head count, named audience and 人次 — worked out by
hand; the overview of every lecture team in the user's region with totals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sanwei.activities.models import AttendanceRole
from sanwei.classroom import services
from sanwei.people.models import LecturerCategory
from sanwei.teams.models import MemberRole

from ..factories import (
    ActivityFactory,
    AttendanceFactory,
    MembershipFactory,
    PersonFactory,
    TeamFactory,
    default_activity_type,
)
from .conftest import bj


@pytest.fixture
def figures(tree, campaign, team_a, team_b, lecture_type):
    village = tree["village_a"]
    MembershipFactory(
        team=team_a,
        role=MemberRole.LEADER,
        person=PersonFactory(
            region=village, name="张田", lecturer_category=LecturerCategory.FARMING_EXPERT
        ),
    )
    MembershipFactory(
        team=team_a,
        role=MemberRole.LECTURER,
        person=PersonFactory(
            region=village, name="李红", lecturer_category=LecturerCategory.RETIREE
        ),
    )
    MembershipFactory(team=team_a, person=PersonFactory(region=village, name="王队员"))
    audience = [PersonFactory(region=village) for _ in range(3)]

    def lecture(team, starts_at, headcount, **kwargs):
        return ActivityFactory(
            campaign=campaign,
            region=team.region,
            organising_team=team,
            activity_type=kwargs.pop("activity_type", lecture_type),
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=1),
            audience_headcount=headcount,
            **kwargs,
        )

    # January (Beijing): two lectures, 30 + 10 by head count, 2 + 1 named (the lecturer
    # is not audience). The second is 23:30 on 31 January in Beijing, 15:30 UTC.
    a1 = lecture(team_a, bj(2023, 1, 5, 10), 30)
    AttendanceFactory(activity=a1, person=audience[0])
    AttendanceFactory(activity=a1, person=audience[1])
    AttendanceFactory(activity=a1, person=audience[2], role=AttendanceRole.LECTURER)
    a2 = lecture(team_a, bj(2023, 1, 31, 23, 30), 10)
    AttendanceFactory(activity=a2, person=audience[0])
    # February: 00:30 on 1 February in Beijing (still 31 January in UTC), 5 by head count.
    lecture(team_a, bj(2023, 2, 1, 0, 30), 5)
    # Not lectures of team A: a seminar it organised, another team's lecture.
    lecture(
        team_a, bj(2023, 1, 6, 10), 100, activity_type=default_activity_type("courtyard_meeting")
    )
    b1 = lecture(team_b, bj(2023, 1, 9, 10), 7)
    AttendanceFactory(activity=b1, person=PersonFactory(region=tree["village_b"]))
    # Not a lecture team at all.
    TeamFactory(region=village, name="志愿小队", kind="squad")


def test_a_teams_lectures_by_month(figures, team_a):
    result = services.team_lectures(team_a)

    assert [
        (f"{m.month:%Y-%m}", m.lectures, m.headcount, m.named, m.person_times)
        for m in result.months
    ] == [("2023-01", 2, 40, 3, 43), ("2023-02", 1, 5, 0, 5)]
    total = result.total
    assert (total.lectures, total.headcount, total.named, total.person_times) == (3, 45, 3, 48)


def test_the_team_page_shows_members_categories_and_months(login, secretary_a, figures, team_a):
    response = login(secretary_a).get(reverse("classroom:lecture_team_detail", args=[team_a.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "田秀才" in html and "夕阳红" in html and "张田" in html and "王队员" in html
    assert "2023年1月" in html and "2023年2月" in html
    months = response.context["figures"].months
    assert [(m.lectures, m.person_times) for m in months] == [(2, 43), (1, 5)]
    assert response.context["lecture_count"] == 3


def test_the_overview_lists_the_towns_lecture_teams_with_totals(login, town_admin, figures):
    response = login(town_admin).get(reverse("classroom:lecture_team_list"))

    assert response.status_code == 200
    overview = response.context["overview"]
    assert [
        (r.team.name, r.members, r.lecturers, r.lectures, r.headcount, r.named, r.person_times)
        for r in overview.rows
    ] == [
        ("东岳观村宣讲队", 3, 2, 3, 45, 3, 48),
        ("双岗村宣讲队", 0, 0, 1, 7, 1, 8),
    ]
    t = overview.total
    assert (t.members, t.lecturers, t.lectures, t.headcount, t.named, t.person_times) == (
        3, 2, 4, 52, 4, 56,
    )  # fmt: skip
    assert 'id="total-person-times">56<' in response.content.decode()


def test_a_village_sees_only_its_own_lecture_team(login, secretary_a, figures, team_b):
    client = login(secretary_a)
    overview = client.get(reverse("classroom:lecture_team_list")).context["overview"]

    assert [r.team.name for r in overview.rows] == ["东岳观村宣讲队"]
    assert overview.total.person_times == 48
    assert client.get(reverse("classroom:lecture_team_detail", args=[team_b.pk])).status_code == 404


def test_the_team_page_links_to_the_lecture_figures(login, secretary_a, figures, team_a):
    html = login(secretary_a).get(reverse("teams:team_detail", args=[team_a.pk])).content
    assert reverse("classroom:lecture_team_detail", args=[team_a.pk]) in html.decode()


def test_the_api_gives_the_same_figures(client, secretary_a, figures, team_a):
    from sanwei.accounts.tokens import create_token

    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(secretary_a, 't')}"}
    response = client.get(f"/api/v1/classroom/lecture-teams/{team_a.pk}", **headers)
    assert response.status_code == 200, response.content
    one = response.json()
    assert one["months"] == [
        {"month": "2023-01", "lectures": 2, "headcount": 40, "named": 3, "person_times": 43},
        {"month": "2023-02", "lectures": 1, "headcount": 5, "named": 0, "person_times": 5},
    ]
    assert one["total"] == {"lectures": 3, "headcount": 45, "named": 3, "person_times": 48}
    assert one["region"] == "430821104201"
    overview = client.get("/api/v1/classroom/lecture-teams", **headers).json()
    assert [(t["name"], t["members"], t["lecturers"]) for t in overview["teams"]] == [
        ("东岳观村宣讲队", 3, 2)
    ]
    assert overview["total"]["person_times"] == 48
