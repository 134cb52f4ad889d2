"""Recording a mobile lecture (流动学) on a phone: one form creates the activity (titled
“topic”流动宣讲, in the current campaign), its materials and its named audience."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sanwei.accounts.models import Role, RoleAssignment
from sanwei.activities.models import Activity, Attendance, AttendanceRole
from sanwei.classroom.models import Material
from sanwei.regions.models import RegionLevel

from ..factories import (
    CampaignFactory,
    MaterialFactory,
    PersonFactory,
    RegionFactory,
    user_with_role,
)
from .conftest import bj


def _post(client, team, **fields):
    data = {
        "team": team.pk,
        "topic": "乡村振兴",
        "place": "东岳观村3组晒谷坪",
        "starts_at": "2023-01-05T09:30",
        "audience_headcount": "25",
        "campaign": "",
        **fields,
    }
    return client.post(reverse("classroom:lecture_create"), data)


def test_one_post_creates_the_lecture_its_materials_and_named_audience(
    login, team_leader_a, tree, campaign, team_a
):
    village = tree["village_a"]
    p1, p2 = PersonFactory(region=village, name="赵一"), PersonFactory(region=village, name="钱二")
    material = MaterialFactory(region=tree["town"], title="二十大要点")

    response = _post(
        login(team_leader_a), team_a, materials=[material.pk], attendees=[p1.pk, p2.pk]
    )

    assert response.status_code == 302
    activity = Activity.unscoped.get()
    assert response["Location"] == reverse("activities:activity_detail", args=[activity.pk])
    assert activity.title == "“乡村振兴”流动宣讲"
    assert activity.activity_type.code == "mobile_lecture"
    assert (activity.campaign, activity.region, activity.organising_team) == (
        campaign,
        village,
        team_a,
    )
    assert activity.starts_at == bj(2023, 1, 5, 9, 30)
    assert activity.ends_at == bj(2023, 1, 5, 10, 30)
    assert (activity.place, activity.audience_headcount) == ("东岳观村3组晒谷坪", 25)
    assert activity.created_by == team_leader_a
    assert sorted(
        Attendance.unscoped.filter(activity=activity).values_list("person__name", "role")
    ) == [("赵一", AttendanceRole.AUDIENCE), ("钱二", AttendanceRole.AUDIENCE)]
    assert list(Material.unscoped.filter(activities=activity)) == [material]


def test_the_chosen_campaign_wins_over_the_current_one(login, secretary_a, tree, campaign, team_a):
    other = CampaignFactory(region=tree["village_a"], name="村里的专题")

    _post(login(secretary_a), team_a, campaign=other.pk)

    assert Activity.unscoped.get().campaign == other


def test_without_a_campaign_covering_the_day_nothing_is_recorded(
    login, secretary_a, tree, campaign, team_a
):
    response = _post(login(secretary_a), team_a, starts_at="2023-06-01T09:00")

    assert response.status_code == 200
    assert "2023-06-01没有进行中的专题，请选择专题" in response.content.decode()
    assert Activity.unscoped.count() == 0


def test_a_topic_in_quotes_is_not_quoted_twice(login, secretary_a, campaign, team_a):
    _post(login(secretary_a), team_a, topic="“党的二十大精神”")

    assert Activity.unscoped.get().title == "“党的二十大精神”流动宣讲"


def test_head_count_only_records_no_attendance(login, secretary_a, campaign, team_a):
    _post(login(secretary_a), team_a, audience_headcount="60")

    assert Activity.unscoped.get().audience_headcount == 60
    assert Attendance.unscoped.count() == 0


def test_another_villages_team_or_resident_is_not_offered(
    login, secretary_a, tree, campaign, team_a, team_b
):
    stranger = PersonFactory(region=tree["village_b"])
    client = login(secretary_a)

    assert _post(client, team_b).status_code == 200
    response = _post(client, team_a, attendees=[stranger.pk])
    assert response.status_code == 200
    assert "所选群众不存在或不在您的管辖范围内" in response.content.decode()
    assert Activity.unscoped.count() == 0


@pytest.mark.parametrize("role", ["volunteer_a", "county_viewer"])
def test_roles_without_the_right_are_refused(request, login, campaign, team_a, role):
    client = login(request.getfixturevalue(role))

    assert client.get(reverse("classroom:lecture_create")).status_code == 403
    assert _post(client, team_a).status_code == 403
    assert Activity.unscoped.count() == 0


def test_the_form_opens_on_a_phone_with_the_users_team_and_now(
    login, secretary_a, campaign, team_a, team_b
):
    response = login(secretary_a).get(reverse("classroom:lecture_create"))

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["team"].queryset) == [team_a]
    assert form["team"].value() == team_a.pk
    assert form["starts_at"].value() is not None
    assert 'name="viewport"' in response.content.decode()


def test_the_users_own_teams_come_first(login, tree, campaign, team_a, team_b):
    user = user_with_role(Role.TEAM_LEADER, tree["village_b"], username="leader_b")
    RoleAssignment.objects.create(user=user, role=Role.TOWN_ADMIN, region=tree["town"])
    form = login(user).get(reverse("classroom:lecture_create")).context["form"]

    assert list(form.fields["team"].queryset) == [team_b, team_a]


@pytest.fixture
def groups(tree):
    village = tree["village_a"]
    g1 = RegionFactory(code="430821104201001", name="1组", level=RegionLevel.GROUP, parent=village)
    g2 = RegionFactory(code="430821104201002", name="2组", level=RegionLevel.GROUP, parent=village)
    PersonFactory(region=g1, name="一组张三")
    PersonFactory(region=g1, name="一组李四")
    PersonFactory(region=g2, name="二组王五")
    return g1, g2


def test_residents_are_picked_by_group(login, secretary_a, tree, team_a, groups):
    g1, g2 = groups
    client = login(secretary_a)
    url = reverse("classroom:lecture_residents")

    first = client.get(url, {"team": team_a.pk, "group": g1.pk}, HTTP_HX_REQUEST="true")
    assert first.status_code == 200
    assert sorted(p.name for p, _l in first.context["residents"]) == ["一组张三", "一组李四"]
    assert [g.name for g in first.context["groups"]] == ["1组", "2组"]

    ticked = first.context["residents"][0][0]
    second = client.get(
        url, {"team": team_a.pk, "group": g2.pk, "attendees": [ticked.pk]}, HTTP_HX_REQUEST="true"
    )
    assert [p.name for p, _l in second.context["residents"]] == ["二组王五"]
    assert [p.pk for p, _l in second.context["ticked"]] == [ticked.pk]
    assert f'value="{ticked.pk}" checked' in second.content.decode()


def test_residents_are_found_by_name_in_the_whole_village(login, secretary_a, team_a, groups):
    response = login(secretary_a).get(
        reverse("classroom:lecture_residents"), {"team": team_a.pk, "q": "王五"}
    )

    assert [p.name for p, _l in response.context["residents"]] == ["二组王五"]


def test_a_lecture_dated_now_by_default_falls_in_the_current_campaign(
    login, secretary_a, tree, team_a
):
    from django.utils import timezone

    today = timezone.localdate()
    current = CampaignFactory(
        region=tree["town"], starts_on=today - dt.timedelta(days=3), ends_on=today
    )
    form = login(secretary_a).get(reverse("classroom:lecture_create")).context["form"]
    starts = form["starts_at"].value()

    response = _post(login(secretary_a), team_a, starts_at=starts.strftime("%Y-%m-%dT%H:%M"))

    assert response.status_code == 302
    assert Activity.unscoped.get().campaign == current
