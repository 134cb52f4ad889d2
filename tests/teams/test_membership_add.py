"""Adding a member: chosen by search, living in the team's region, one open membership."""

import datetime as dt
import re

import pytest

from sanwei.accounts.permissions import SYSTEM
from sanwei.core.errors import ServiceError
from sanwei.core.models import ActionLog
from sanwei.regions.models import RegionLevel
from sanwei.teams.models import MemberRole, Membership
from sanwei.teams.services import add_member

from ..factories import MembershipFactory, PersonFactory, RegionFactory


def test_a_secretary_adds_a_resident_as_lecturer(login, secretary_a, lecture_team, resident_a):
    response = login(secretary_a).post(
        f"/teams/{lecture_team.pk}/members/add/",
        {"person": resident_a.pk, "role": MemberRole.LECTURER, "started_on": "2022-11-05"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/teams/{lecture_team.pk}/"
    membership = Membership.unscoped.get()
    assert (membership.person, membership.role) == (resident_a, MemberRole.LECTURER)
    assert membership.started_on == dt.date(2022, 11, 5)
    assert membership.ended_on is None
    log = ActionLog.objects.get(action_type="sanwei.membership.created")
    assert log.region_path == lecture_team.region.path


def test_a_second_open_membership_is_refused_with_a_friendly_message(
    login, secretary_a, lecture_team, resident_a
):
    MembershipFactory(team=lecture_team, person=resident_a)
    response = login(secretary_a).post(
        f"/teams/{lecture_team.pk}/members/add/",
        {"person": resident_a.pk, "role": MemberRole.MEMBER, "started_on": "2023-01-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["person"] == ["该群众已是本队队员"]
    assert Membership.unscoped.count() == 1


def test_a_former_member_may_rejoin(tree, lecture_team, resident_a):
    MembershipFactory(team=lecture_team, person=resident_a, ended_on=dt.date(2023, 1, 1))
    add_member(lecture_team, resident_a, started_on=dt.date(2023, 3, 1), user=SYSTEM)
    assert Membership.unscoped.filter(person=resident_a).count() == 2


def test_a_resident_of_another_village_is_not_a_valid_choice(
    login, secretary_a, lecture_team, resident_b
):
    response = login(secretary_a).post(
        f"/teams/{lecture_team.pk}/members/add/",
        {"person": resident_b.pk, "role": MemberRole.MEMBER, "started_on": "2023-01-01"},
    )
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not Membership.unscoped.exists()


def test_the_service_refuses_a_member_outside_the_teams_region(tree, lecture_team, resident_b):
    with pytest.raises(ServiceError) as e:
        add_member(lecture_team, resident_b, user=SYSTEM)
    assert e.value.code == "member_outside_region"
    assert "双岗村" in e.value.message
    assert not Membership.unscoped.exists()


def test_a_resident_of_a_villagers_group_may_join_the_villages_team(tree, lecture_team):
    group = RegionFactory(
        code="430821104201001", name="一组", level=RegionLevel.GROUP, parent=tree["village_a"]
    )
    person = PersonFactory(region=group)
    assert add_member(lecture_team, person, user=SYSTEM).pk


def test_the_page_offers_a_person_picker_not_a_list_of_everyone(
    login, secretary_a, tree, lecture_team
):
    PersonFactory.create_batch(3, region=tree["village_a"])
    response = login(secretary_a).get(f"/teams/{lecture_team.pk}/members/add/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<option" not in html.split('name="role"')[0]  # nothing offered before a search
    assert f'hx-post="/teams/{lecture_team.pk}/members/candidates/"' in html


def test_the_picker_finds_candidates_by_initials_within_the_teams_village(
    login, secretary_a, tree, lecture_team
):
    wanted = PersonFactory(name="张三丰", region=tree["village_a"])
    PersonFactory(name="李四", region=tree["village_a"])
    PersonFactory(name="张三", region=tree["village_b"])
    response = login(secretary_a).get(f"/teams/{lecture_team.pk}/members/candidates/", {"q": "zs"})
    assert response.status_code == 200
    assert re.findall(r'data-picker-value="(\d+)"', response.content.decode()) == [str(wanted.pk)]


def test_the_htmx_endpoint_returns_choices_without_open_members(
    login, secretary_a, tree, lecture_team, resident_a
):
    other = PersonFactory(name="王秀兰", region=tree["village_a"])
    MembershipFactory(team=lecture_team, person=resident_a)
    response = login(secretary_a).get(
        f"/teams/{lecture_team.pk}/members/candidates/", {"q": "王秀"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert f'data-picker-value="{other.pk}"' in text
    assert f'data-picker-value="{resident_a.pk}"' not in text
    assert "<html" not in text


def test_candidates_are_limited_for_large_villages(login, secretary_a, tree, lecture_team):
    PersonFactory.create_batch(25, region=tree["village_a"])
    response = login(secretary_a).get(f"/teams/{lecture_team.pk}/members/candidates/")
    text = response.content.decode()
    assert len(re.findall(r'data-picker-value="\d+"', text)) == 20
    assert "只显示前 20 条" in text
