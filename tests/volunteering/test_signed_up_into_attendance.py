"""The organiser records the signed-up volunteers as the activity's volunteers (hours: its
length), then confirms; unconfirmed hours count for nothing and confirming ahead of the
activity is refused (谁组织谁记录，谁记录谁证明)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import Activity, Attendance, AttendanceRole
from sanwei.core.errors import ServiceError
from sanwei.volunteering.services import record_signed_up, sign_up
from sanwei.volunteers import hours
from sanwei.volunteers.services import confirm_attendances


def _begin(activity):
    """Time passes: the activity began an hour ago (its three hours are kept)."""
    start = timezone.now() - dt.timedelta(hours=1)
    Activity.unscoped.filter(pk=activity.pk).update(
        starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )
    activity.refresh_from_db()


def test_signed_up_volunteers_are_recorded_with_the_activitys_hours_not_the_waiting(
    activity, people, secretary_a
):
    for person in people[:3]:  # 王五 waits
        sign_up(activity, person, user=SYSTEM)
    _begin(activity)

    assert record_signed_up(activity, user=secretary_a) == (2, 0)
    assert record_signed_up(activity, user=secretary_a) == (0, 2)

    rows = Attendance.unscoped.filter(activity=activity).order_by("person__name")
    assert [(a.person.name, a.role, a.hours, a.recorded_by) for a in rows] == [
        ("张三", AttendanceRole.VOLUNTEER, Decimal("3.0"), secretary_a),
        ("李四", AttendanceRole.VOLUNTEER, Decimal("3.0"), secretary_a),
    ]


def test_unconfirmed_hours_count_for_nothing_until_the_organiser_confirms(
    activity, people, secretary_a
):
    sign_up(activity, people[0], user=SYSTEM)
    _begin(activity)
    record_signed_up(activity, user=secretary_a)
    profile = people[0].volunteer_profile

    assert hours.summary(profile).hours == Decimal(0)
    assert hours.history(profile) == []

    assert confirm_attendances(activity, user=secretary_a) == 1
    assert hours.summary(profile).hours == Decimal("3.0")


def test_recording_and_confirming_before_the_activity_began_are_refused(
    activity, people, secretary_a
):
    sign_up(activity, people[0], user=SYSTEM)
    Attendance.unscoped.create(
        activity=activity, person=people[0], role=AttendanceRole.VOLUNTEER, hours=3
    )

    with pytest.raises(ServiceError) as early_record:
        record_signed_up(activity, user=secretary_a)
    with pytest.raises(ServiceError) as early_confirm:
        confirm_attendances(activity, user=secretary_a)

    assert early_record.value.message == "活动尚未开始，不能登记参与"
    assert (early_confirm.value.code, early_confirm.value.message) == (
        "activity_not_started",
        "活动尚未开始，不能确认服务时长",
    )
    assert not Attendance.unscoped.filter(confirmed_at__isnull=False).exists()
