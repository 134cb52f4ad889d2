"""Hours of resolved needs per volunteer (`resolved_hours`, read by the volunteers app):
summed per person, filtered by person, region and period; refused below 0 or over 24."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sanwei.accounts.permissions import SYSTEM
from sanwei.core.errors import ServiceError
from sanwei.needs import services
from sanwei.needs.models import NeedHours, NeedResolution

from ..factories import need_in_state, squad_volunteer

TZ = dt.timezone(dt.timedelta(hours=8))


def resolve_at(need, when, hours):
    return services.resolve(need, user=SYSTEM, summary="已处理", hours=hours, resolved_at=when)


def test_hours_are_summed_per_volunteer_region_and_period(tree):
    a, b = tree["village_a"], tree["village_b"]
    wang = squad_volunteer(a, name="王志愿")
    li = squad_volunteer(a, name="李志愿")
    zhao = squad_volunteer(b, name="赵志愿")
    resolve_at(need_in_state("dispatched", region=a, volunteer=wang),
               dt.datetime(2026, 11, 2, 10, tzinfo=TZ), {wang: "2.5", li: "1"})  # fmt: skip
    resolve_at(need_in_state("in_progress", region=a, volunteer=wang),
               dt.datetime(2026, 11, 20, 23, 30, tzinfo=TZ), {wang: "3"})  # fmt: skip
    resolve_at(need_in_state("dispatched", region=b, volunteer=zhao),
               dt.datetime(2026, 10, 31, 23, 0, tzinfo=TZ), {zhao: "4", wang: "0.5"})  # fmt: skip

    assert services.resolved_hours() == {wang.pk: Decimal("6.00"), li.pk: Decimal("1.00"),
                                         zhao.pk: Decimal("4.00")}  # fmt: skip
    assert services.resolved_hours(person_ids=[wang.pk]) == {wang.pk: Decimal("6.00")}
    assert services.resolved_hours(region=a) == {wang.pk: Decimal("5.50"), li.pk: Decimal("1.00")}
    # November in local time: the 31 October 23:00 resolution is outside.
    november = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert services.resolved_hours(period=november) == {
        wang.pk: Decimal("5.50"), li.pk: Decimal("1.00")}  # fmt: skip
    assert services.resolved_hours(period=(dt.date(2026, 11, 20), None)) == {
        wang.pk: Decimal("3.00")}  # fmt: skip
    assert services.resolved_hours(person_ids=[]) == {}


@pytest.mark.parametrize(
    ("hours", "code"),
    [("-1", "hours_negative"), ("24.5", "hours_over_24"), ("两小时", "hours_invalid"),
     ("1.234", "hours_invalid")],
)  # fmt: skip
def test_bad_hours_are_refused_with_nothing_written(tree, hours, code):
    wang = squad_volunteer(tree["village_a"], name="王志愿")
    need = need_in_state("in_progress", region=tree["village_a"], volunteer=wang)
    with pytest.raises(ServiceError) as refused:
        services.resolve(need, user=SYSTEM, summary="已处理", hours={wang: hours})
    assert refused.value.code == code
    need.refresh_from_db()
    assert need.state == "in_progress"
    assert NeedResolution.unscoped.count() == 0


def test_over_24_hours_in_one_day_across_needs_is_refused(tree):
    wang = squad_volunteer(tree["village_a"], name="王志愿")
    day = dt.datetime(2026, 11, 2, 9, tzinfo=TZ)
    resolve_at(need_in_state("in_progress", region=tree["village_a"], volunteer=wang), day,
               {wang: "20"})  # fmt: skip
    second = need_in_state("in_progress", region=tree["village_a"], volunteer=wang)
    with pytest.raises(ServiceError) as refused:
        resolve_at(second, day + dt.timedelta(hours=8), {wang: "4.5"})
    assert refused.value.code == "hours_over_24_in_day"
    assert "王志愿在2026-11-02已记录20小时，再加4.5小时将超过24小时" in refused.value.message
    second.refresh_from_db()
    assert second.state == "in_progress"
    assert NeedHours.unscoped.count() == 1
    # The next day is a new day.
    resolve_at(second, day + dt.timedelta(days=1), {wang: "4.5"})
    assert services.resolved_hours() == {wang.pk: Decimal("24.50")}
