import datetime as dt

import pytest

from sanwei.accounts.permissions import SYSTEM
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.models import ActionLog
from sanwei.teams.models import TeamKind
from sanwei.volunteers.models import VolunteerProfile, slot_field
from sanwei.volunteers.services import register_volunteer, save_profile

from ..factories import MembershipFactory, PersonFactory, TeamFactory
from .conftest import bj


def test_numbers_run_in_sequence_per_town_and_skills_start_from_the_person(tree, secretary_a):
    first = PersonFactory(region=tree["village_a"], name="张三", skills="电工、驾驶")
    second = PersonFactory(region=tree["village_a"], name="李四")
    elsewhere = PersonFactory(region=tree["other_village"], name="王五")

    a = register_volunteer(first, user=secretary_a, joined_on=dt.date(2023, 1, 5))
    b = register_volunteer(second, user=secretary_a, job_post="政策宣传", weekend_morning=True)
    c = register_volunteer(elsewhere, user=SYSTEM)

    assert (a.number, b.number, c.number) == ("430821104-0001", "430821104-0002", "430821105-0001")
    assert a.skills == "电工、驾驶"
    assert a.joined_on == dt.date(2023, 1, 5)
    assert b.job_post == "政策宣传" and b.availability_labels == ["周末上午"]
    assert ActionLog.objects.filter(action_type="sanwei.volunteer.registered").count() == 3


def test_a_second_registration_and_another_villages_secretary_are_refused(tree, secretary_b):
    person = PersonFactory(region=tree["village_a"])
    register_volunteer(person, user=SYSTEM)

    with pytest.raises(ServiceError) as refused:
        register_volunteer(person, user=SYSTEM)
    assert refused.value.code == "volunteer_exists"
    with pytest.raises(NotPermitted):
        register_volunteer(PersonFactory(region=tree["village_a"]), user=secretary_b)
    with pytest.raises(NotPermitted):
        register_volunteer(PersonFactory(region=tree["village_a"]), user=None)
    assert VolunteerProfile.unscoped.count() == 1


def test_leaving_before_joining_is_refused_and_nothing_saved(tree, secretary_a):
    profile = register_volunteer(
        PersonFactory(region=tree["village_a"]), user=secretary_a, joined_on=dt.date(2023, 3, 1)
    )
    profile.left_on = dt.date(2023, 2, 1)

    with pytest.raises(ServiceError) as refused:
        save_profile(profile, user=secretary_a)

    assert refused.value.field == "left_on"
    assert VolunteerProfile.unscoped.get(pk=profile.pk).left_on is None


def test_the_squad_is_the_open_membership_in_a_squad(tree, squad_a):
    person = PersonFactory(region=tree["village_a"])
    profile = register_volunteer(person, user=SYSTEM)
    lecture = TeamFactory(region=tree["village_a"], kind=TeamKind.LECTURE)
    MembershipFactory(team=lecture, person=person)
    assert profile.squad is None

    MembershipFactory(team=squad_a, person=person, started_on=dt.date(2023, 1, 1))

    assert profile.squad == squad_a


def test_availability_slots_by_weekday_and_time_of_day():
    assert slot_field(bj(2023, 3, 6, 9)) == "weekday_morning"  # a Monday
    assert slot_field(bj(2023, 3, 6, 14)) == "weekday_afternoon"
    assert slot_field(bj(2023, 3, 6, 19)) == "weekday_evening"
    assert slot_field(bj(2023, 3, 11, 8)) == "weekend_morning"  # a Saturday
    assert slot_field(bj(2023, 3, 12, 20)) == "weekend_evening"
