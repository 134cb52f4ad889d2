"""The period is a range of Beijing dates, both ends included. A quantity on an activity
is dated by the activity's start; one on a need by the need's resolution, or by its
registration while it is not resolved."""

import datetime as dt

from sanwei.needs.models import Need, NeedResolution
from sanwei.quantities.services import quantity_totals

from ..factories import ActivityFactory, QuantityFactory, need_in_state
from .conftest import bj, totals

JAN_1, JAN_31 = dt.date(2023, 1, 1), dt.date(2023, 1, 31)


def _on(region, when, amount):
    activity = ActivityFactory(region=region, starts_at=when, ends_at=when + dt.timedelta(hours=1))
    return QuantityFactory(activity=activity, item="饮用水", unit="吨", quantity=amount)


def test_both_ends_of_the_period_count_in_beijing_dates(tree):
    village = tree["village_a"]
    _on(village, bj(2022, 12, 31, 23, 59), 1)  # before
    _on(village, bj(2023, 1, 1, 0, 0), 10)  # first minute of the first day
    _on(village, bj(2023, 1, 31, 23, 30), 100)  # 15:30 UTC: still the 31st in Beijing
    _on(village, bj(2023, 2, 1, 0, 10), 1000)  # 1 February in Beijing (31 Jan in UTC)

    assert totals(quantity_totals(village, JAN_1, JAN_31)) == [("饮用水", "吨", "110")]
    assert totals(quantity_totals(village, start=dt.date(2023, 2, 1))) == [("饮用水", "吨", "1000")]
    assert totals(quantity_totals(village, end=dt.date(2022, 12, 31))) == [("饮用水", "吨", "1")]
    assert totals(quantity_totals(village)) == [("饮用水", "吨", "1111")]


def test_a_need_counts_on_the_day_it_was_resolved(tree):
    village = tree["village_a"]
    need = need_in_state("resolved", region=village)
    Need.unscoped.filter(pk=need.pk).update(created_at=bj(2022, 12, 20))
    NeedResolution.unscoped.filter(need=need).update(resolved_at=bj(2023, 1, 5))
    QuantityFactory(activity=None, need=need, item="饮用水", unit="吨", quantity=8)

    assert totals(quantity_totals(village, JAN_1, JAN_31)) == [("饮用水", "吨", "8")]
    assert quantity_totals(village, dt.date(2022, 12, 1), dt.date(2022, 12, 31)) == []


def test_a_need_not_yet_resolved_counts_on_the_day_it_was_registered(tree):
    village = tree["village_a"]
    need = need_in_state("in_progress", region=village)
    Need.unscoped.filter(pk=need.pk).update(created_at=bj(2022, 12, 20))
    QuantityFactory(activity=None, need=need, item="饮用水", unit="吨", quantity=8)

    assert quantity_totals(village, JAN_1, JAN_31) == []
    assert totals(quantity_totals(village, dt.date(2022, 12, 20), dt.date(2022, 12, 20))) == [
        ("饮用水", "吨", "8")
    ]
