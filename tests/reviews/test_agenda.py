"""The review's agenda from the hand-built town of `conftest.py`: the period's needs by
category and state, the overdue ones (earlier periods included), the low ratings given in
the period, and the repeat problems (the same household; the same category in one
village, named after its 组 when all are there). The expected values are worked out by
hand from the table in conftest.py."""

from __future__ import annotations

import datetime as dt

from sanwei.accounts.permissions import SYSTEM
from sanwei.reviews import services
from sanwei.reviews.agenda import agenda

from .conftest import AS_OF


def town_review(tree, **kwargs):
    return services.create_review(
        user=SYSTEM,
        region=kwargs.pop("region", tree["town"]),
        title="十一月上半月需求复盘",
        period_start=dt.date(2026, 11, 1),
        period_end=dt.date(2026, 11, 15),
        held_on=dt.date(2026, 11, 16),
        **kwargs,
    )


def keys(needs, town_needs) -> list[str]:
    by_pk = {n.pk: key for key, n in town_needs.items()}
    return [by_pk[n.pk] for n in needs]


def test_the_periods_needs_are_counted_by_category_and_state(tree, town_needs):
    result = agenda(town_review(tree), as_of=AS_OF)
    # N1–N7 and N12 were registered from 11-01 00:00 to 11-15 23:59 (Beijing); N8, N11
    # before, N9 after, N10 in another town.
    assert sorted(keys(result.needs, town_needs)) == sorted(
        ["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N12"]
    )
    assert result.total == 8
    assert result.states == [
        "reported", "accepted", "rejected", "dispatched", "resolved", "rated", "closed"
    ]  # fmt: skip
    assert [(row.category.name, row.counts, row.total) for row in result.rows] == [
        ("生活帮扶", [0, 0, 0, 1, 0, 0, 0], 1),
        ("医疗健康", [0, 0, 1, 0, 0, 1, 0], 2),
        ("设施维修", [1, 0, 0, 0, 1, 0, 1], 3),
        ("环境卫生", [0, 1, 0, 0, 0, 1, 0], 2),
    ]
    assert result.state_totals == [1, 1, 1, 1, 1, 2, 1]
    assert result.counts() == {
        ("daily_help", "dispatched"): 1,
        ("health", "rejected"): 1,
        ("health", "rated"): 1,
        ("repair", "reported"): 1,
        ("repair", "resolved"): 1,
        ("repair", "closed"): 1,
        ("env", "accepted"): 1,
        ("env", "rated"): 1,
    }


def test_overdue_needs_are_the_open_ones_past_their_limit_earlier_periods_included(
    tree, town_needs
):
    result = agenda(town_review(tree), as_of=AS_OF)
    # Open and due before 11-16 10:00: N8 (10-27, registered before the period), N3
    # (11-09), N2 (11-11); N6 is due 11-22, N9 was registered after the period.
    assert keys(result.overdue, town_needs) == ["N8", "N3", "N2"]


def test_low_ratings_are_those_of_two_stars_or_fewer_given_in_the_period(tree, town_needs):
    result = agenda(town_review(tree), as_of=AS_OF)
    # N11 (2 stars on 11-03, registered in October), N1 (1 on 11-05), N5 (2 on 11-14);
    # not N12 (3 stars) nor N10 (another town).
    assert keys(result.low_rated, town_needs) == ["N11", "N1", "N5"]


def test_repeat_problems_are_the_same_household_or_category_and_place(tree, town_needs):
    result = agenda(town_review(tree), as_of=AS_OF)
    assert [(r.kind, r.label, keys(r.needs, town_needs)) for r in result.repeats] == [
        # 张大山户 has three needs in the period; 李四户 one (N8 is from October).
        ("household", "三组 · 张大山户", ["N1", "N2", "N3"]),
        # Repairs in 东岳观村: two in its 三组 and one in the village itself.
        ("place", "东岳观村 · 设施维修", ["N1", "N2", "N4"]),
        # Environment twice, both in 双岗村一组.
        ("place", "双岗村一组 · 环境卫生", ["N5", "N6"]),
    ]


def test_a_villages_review_sees_only_that_village(tree, town_needs):
    result = agenda(town_review(tree, region=tree["village_b"]), as_of=AS_OF)
    assert sorted(keys(result.needs, town_needs)) == ["N5", "N6", "N7"]
    assert keys(result.overdue, town_needs) == ["N8"]
    assert keys(result.low_rated, town_needs) == ["N5"]
    assert [(r.label, keys(r.needs, town_needs)) for r in result.repeats] == [
        ("双岗村一组 · 环境卫生", ["N5", "N6"])
    ]


def test_an_empty_period_has_an_empty_agenda(tree, town_needs):
    review = services.create_review(
        user=SYSTEM, region=tree["town"], title="空", period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 1, 31), held_on=dt.date(2026, 2, 1),
    )  # fmt: skip
    result = agenda(review, as_of=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
    assert (result.total, result.rows, result.states, result.overdue, result.low_rated,
            result.repeats) == (0, [], [], [], [], [])  # fmt: skip
