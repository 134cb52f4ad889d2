"""Hours from resolved needs (needs.services.resolved_hours) count with confirmed
attendance: in the sum, the star level, the history and the 24-hours-a-day rule."""

from decimal import Decimal

import pytest

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import AttendanceRole
from sanwei.core.errors import ServiceError
from sanwei.needs.models import Need, NeedCategory, NeedHours, NeedResolution
from sanwei.volunteers import hours
from sanwei.volunteers.services import confirm_attendances

from ..factories import ActivityFactory, AttendanceFactory, PersonFactory, VolunteerProfileFactory
from .conftest import bj


def resolved_need(person, at, amount, description="帮独居老人修水管"):
    need = Need.unscoped.create(
        region=person.region,
        description=description,
        category=NeedCategory.objects.get(code="repair"),
        source="staff",
        state="resolved",
    )
    resolution = NeedResolution.unscoped.create(need=need, summary="已修好", resolved_at=at)
    NeedHours.unscoped.create(resolution=resolution, person=person, hours=Decimal(amount))
    return need


def volunteering(person, start, amount, confirm=True):
    activity = ActivityFactory(
        region=person.region, starts_at=start, ends_at=start, title="环境整治"
    )
    AttendanceFactory(activity=activity, person=person, role=AttendanceRole.VOLUNTEER, hours=amount)
    if confirm:
        confirm_attendances(activity, user=SYSTEM)
    return activity


def test_hours_are_confirmed_attendance_plus_resolved_needs(tree):
    person = PersonFactory(region=tree["village_a"])
    profile = VolunteerProfileFactory(person=person)
    for day in (1, 2, 3, 4):
        volunteering(person, bj(2023, 5, day), "20")
    volunteering(person, bj(2023, 5, 5), "10", confirm=False)  # not confirmed: not counted
    resolved_need(person, bj(2023, 5, 6, 15), "12.5")
    resolved_need(person, bj(2023, 5, 7, 10), "8")

    summary = hours.summary(profile)
    history = hours.history(profile)

    assert (summary.attendance_hours, summary.need_hours, summary.hours) == (
        Decimal("80.0"),
        Decimal("20.50"),
        Decimal("100.50"),
    )
    assert summary.stars == 1
    assert [(str(i.day), i.kind, i.hours) for i in history[:2]] == [
        ("2023-05-07", "need", Decimal("8.00")),
        ("2023-05-06", "need", Decimal("12.50")),
    ]


def test_need_hours_on_the_day_count_towards_the_24_hour_limit(tree):
    person = PersonFactory(region=tree["village_a"], name="钟华")
    resolved_need(person, bj(2023, 5, 6, 11), "20")
    activity = volunteering(person, bj(2023, 5, 6, 19), "4.5", confirm=False)

    with pytest.raises(ServiceError) as refused:
        confirm_attendances(activity, user=SYSTEM)

    assert refused.value.code == "hours_over_day"


def test_the_ranking_counts_need_hours(tree):
    a = PersonFactory(region=tree["village_a"], name="甲")
    b = PersonFactory(region=tree["village_a"], name="乙")
    VolunteerProfileFactory(person=a, number="430821104-0001")
    VolunteerProfileFactory(person=b, number="430821104-0002")
    volunteering(a, bj(2023, 5, 1), "6")
    resolved_need(b, bj(2023, 5, 2), "7")

    rows = hours.ranking(tree["village_a"])

    assert [(r.profile.person.name, r.hours) for r in rows] == [
        ("乙", Decimal("7.00")),
        ("甲", Decimal("6.0")),
    ]
