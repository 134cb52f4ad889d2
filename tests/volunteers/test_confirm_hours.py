from decimal import Decimal

import pytest

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import Attendance, AttendanceRole
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.models import ActionLog
from sanwei.volunteers.services import confirm_attendances, set_volunteer_hours

from ..factories import ActivityFactory, AttendanceFactory, PersonFactory
from .conftest import bj


def _volunteering(person, start, amount):
    activity = ActivityFactory(region=person.region, starts_at=start, ends_at=start)
    return AttendanceFactory(
        activity=activity, person=person, role=AttendanceRole.VOLUNTEER, hours=amount
    )


def test_the_organiser_confirms_one_then_the_rest_of_an_activity(tree, secretary_a):
    activity = ActivityFactory(
        region=tree["village_a"], starts_at=bj(2023, 3, 1), ends_at=bj(2023, 3, 1, 12)
    )
    first, second, third = (
        AttendanceFactory(
            activity=activity,
            role=AttendanceRole.VOLUNTEER,
            hours=3,
            person=PersonFactory(region=tree["village_a"]),
        )
        for _ in range(3)
    )
    audience = AttendanceFactory(activity=activity, person=PersonFactory(region=tree["village_a"]))

    assert confirm_attendances(activity, [first.pk], user=secretary_a) == 1
    assert confirm_attendances(activity, user=secretary_a) == 2

    confirmed = Attendance.unscoped.filter(confirmed_at__isnull=False)
    assert set(confirmed.values_list("pk", flat=True)) == {first.pk, second.pk, third.pk}
    assert set(confirmed.values_list("confirmed_by", flat=True)) == {secretary_a.pk}
    assert Attendance.unscoped.get(pk=audience.pk).confirmed_at is None
    assert ActionLog.objects.filter(action_type="sanwei.attendance.confirmed").count() == 3


def test_over_24_hours_in_a_day_across_activities_is_refused_and_nothing_confirmed(
    tree, secretary_a
):
    person = PersonFactory(region=tree["village_a"], name="赵六")
    morning = _volunteering(person, bj(2023, 3, 1, 6), "16")
    confirm_attendances(morning.activity, user=secretary_a)
    evening = _volunteering(person, bj(2023, 3, 1, 19), "8.5")
    other = AttendanceFactory(
        activity=evening.activity,
        role=AttendanceRole.VOLUNTEER,
        hours=2,
        person=PersonFactory(region=tree["village_a"]),
    )

    with pytest.raises(ServiceError) as refused:
        confirm_attendances(evening.activity, user=secretary_a)

    assert refused.value.code == "hours_over_day"
    assert str(refused.value.message) == "赵六在2023-03-01的服务时长合计将超过24小时，不能确认"
    assert Attendance.unscoped.get(pk=evening.pk).confirmed_at is None
    assert Attendance.unscoped.get(pk=other.pk).confirmed_at is None  # all or nothing


def test_exactly_24_hours_in_a_day_and_a_next_day_are_confirmed(tree):
    person = PersonFactory(region=tree["village_a"])
    confirm_attendances(_volunteering(person, bj(2023, 3, 1, 6), "16").activity, user=SYSTEM)
    assert (
        confirm_attendances(_volunteering(person, bj(2023, 3, 1, 19), "8").activity, user=SYSTEM)
        == 1
    )
    assert (
        confirm_attendances(_volunteering(person, bj(2023, 3, 2, 0, 30), "8").activity, user=SYSTEM)
        == 1
    )


def test_negative_hours_are_refused_and_the_hours_kept(tree, secretary_a):
    attendance = _volunteering(PersonFactory(region=tree["village_a"]), bj(2023, 3, 1), "3")

    with pytest.raises(ServiceError) as refused:
        set_volunteer_hours(attendance, "-2", user=secretary_a)

    assert (refused.value.code, str(refused.value.message)) == (
        "hours_negative",
        "服务时长不能为负数",
    )
    assert Attendance.unscoped.get(pk=attendance.pk).hours == Decimal("3.0")


def test_hours_are_set_before_confirmation_and_fixed_after(tree, secretary_a):
    attendance = _volunteering(PersonFactory(region=tree["village_a"]), bj(2023, 3, 1), "3")

    set_volunteer_hours(attendance, "4.5", user=secretary_a)
    confirm_attendances(attendance.activity, user=secretary_a)
    with pytest.raises(ServiceError) as refused:
        set_volunteer_hours(attendance, "6", user=secretary_a)

    assert refused.value.code == "hours_confirmed"
    assert Attendance.unscoped.get(pk=attendance.pk).hours == Decimal("4.5")


def test_another_villages_secretary_and_a_volunteer_may_not_confirm(tree, secretary_b, volunteer_a):
    attendance = _volunteering(PersonFactory(region=tree["village_a"]), bj(2023, 3, 1), "3")

    for user in (secretary_b, volunteer_a, None):
        with pytest.raises(NotPermitted):
            confirm_attendances(attendance.activity, user=user)

    assert Attendance.unscoped.get(pk=attendance.pk).confirmed_at is None


def test_an_attendance_of_another_activity_is_refused(tree):
    one = _volunteering(PersonFactory(region=tree["village_a"]), bj(2023, 3, 1), "3")
    two = _volunteering(PersonFactory(region=tree["village_a"]), bj(2023, 3, 2), "3")

    with pytest.raises(ServiceError) as refused:
        confirm_attendances(one.activity, [two.pk], user=SYSTEM)

    assert refused.value.code == "not_a_volunteer_attendance"
    assert not Attendance.unscoped.filter(confirmed_at__isnull=False).exists()
