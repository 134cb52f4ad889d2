"""The person page: masked facts, household, teams and attendance."""

import datetime as dt

import pytest
from django.urls import reverse

from sanwei.people.validation import mask_id_number

from ..factories import (
    ActivityFactory,
    AttendanceFactory,
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
    TeamFactory,
    make_id_number,
)

NUMBER = make_id_number(birth=dt.date(1960, 5, 1))


@pytest.fixture
def family(tree):
    household = HouseholdFactory(region=tree["village_a"], number="H-001")
    head = PersonFactory(
        name="张三",
        region=tree["village_a"],
        household=household,
        relation_to_head="head",
        id_number=NUMBER,
        birth_date=dt.date(1960, 5, 1),
        phone="13800001234",
    )
    spouse = PersonFactory(
        name="李梅", region=tree["village_a"], household=household, relation_to_head="spouse"
    )
    return household, head, spouse


def test_detail_shows_facts_masked(login, secretary_a, family):
    _household, head, _spouse = family
    response = login(secretary_a).get(reverse("people:person_detail", args=[head.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert mask_id_number(NUMBER) in content
    assert "138****1234" in content
    assert NUMBER not in content
    assert "13800001234" not in content
    assert "1960-05-01" in content


def test_detail_shows_household_members_with_relation(login, secretary_a, family):
    _household, head, spouse = family
    content = (
        login(secretary_a).get(reverse("people:person_detail", args=[head.pk])).content.decode()
    )
    assert "张三户" in content
    assert reverse("people:person_detail", args=[spouse.pk]) in content
    assert "配偶" in content
    assert "户主" in content


def test_detail_shows_team_memberships_and_attendance(login, secretary_a, family, tree):
    _household, head, _spouse = family
    team = TeamFactory(name="东岳观村宣讲队", region=tree["village_a"])
    MembershipFactory(team=team, person=head, role="lecturer")
    activity = ActivityFactory(title="二十大精神进屋场", region=tree["village_a"])
    AttendanceFactory(activity=activity, person=head)
    content = (
        login(secretary_a).get(reverse("people:person_detail", args=[head.pk])).content.decode()
    )
    assert "东岳观村宣讲队" in content
    assert "宣讲员" in content
    assert "二十大精神进屋场" in content


def test_attendance_outside_the_users_scope_is_not_shown(login, secretary_a, family, tree):
    _household, head, _spouse = family
    AttendanceFactory(
        activity=ActivityFactory(title="外镇活动", region=tree["other_village"]), person=head
    )
    content = (
        login(secretary_a).get(reverse("people:person_detail", args=[head.pk])).content.decode()
    )
    assert "外镇活动" not in content


def test_secretary_of_another_village_gets_404(login, secretary_b, family):
    _household, head, _spouse = family
    response = login(secretary_b).get(reverse("people:person_detail", args=[head.pk]))
    assert response.status_code == 404


def test_volunteer_gets_403(login, volunteer_a, family):
    _household, head, _spouse = family
    response = login(volunteer_a).get(reverse("people:person_detail", args=[head.pk]))
    assert response.status_code == 403


def test_county_viewer_sees_no_edit_or_reveal_buttons(login, county_viewer, family):
    _household, head, _spouse = family
    response = login(county_viewer).get(reverse("people:person_detail", args=[head.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("people:person_edit", args=[head.pk]) not in content
    assert reverse("people:person_sensitive", args=[head.pk]) not in content


def test_secretary_sees_edit_and_reveal_buttons(login, secretary_a, family):
    _household, head, _spouse = family
    content = (
        login(secretary_a).get(reverse("people:person_detail", args=[head.pk])).content.decode()
    )
    assert reverse("people:person_edit", args=[head.pk]) in content
    assert reverse("people:person_sensitive", args=[head.pk]) in content


def test_a_person_without_household_says_so(login, secretary_a, tree):
    person = PersonFactory(region=tree["village_a"])
    content = (
        login(secretary_a).get(reverse("people:person_detail", args=[person.pk])).content.decode()
    )
    assert "尚未归入任何户" in content
