"""seminar.figures.opinion_rates: collected, answered, on time, adopted per region and
per child region, with the period and the campaign; worked out by hand."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sanwei.seminar import figures

from ..factories import CampaignFactory, OpinionFactory

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), SHANGHAI)


def test_rates_of_a_town_and_its_villages(tree):
    a, b = tree["village_a"], tree["village_b"]
    due = dt.date(2023, 1, 10)
    # Village A: 4 collected; 3 answered (2 on time: the 10th at 23:00 Beijing time is
    # still the 10th, though 15:00 UTC; 1 late); decisions: adopted, not adopted.
    OpinionFactory(region=a, raised_on=dt.date(2023, 1, 2), state="adopted", due_on=due,
                   answered_at=_at(due, 23), decision="adopted")  # fmt: skip
    OpinionFactory(region=a, raised_on=dt.date(2023, 1, 2), state="not_adopted", due_on=due,
                   answered_at=_at(dt.date(2023, 1, 9), 9), decision="not_adopted")  # fmt: skip
    OpinionFactory(region=a, raised_on=dt.date(2023, 1, 2), state="answered", due_on=due,
                   answered_at=_at(dt.date(2023, 1, 11), 8))  # fmt: skip
    OpinionFactory(region=a, raised_on=dt.date(2023, 1, 3), state="assigned", due_on=due)
    # Village B: 2 collected; 1 answered straight away by a town admin (no due date),
    # decided partly adopted; 1 received.
    OpinionFactory(region=b, raised_on=dt.date(2023, 1, 4), state="partly_adopted",
                   answered_at=_at(dt.date(2023, 1, 5), 10), decision="partly_adopted")  # fmt: skip
    OpinionFactory(region=b, raised_on=dt.date(2023, 1, 4))
    # Another town: not counted.
    OpinionFactory(region=tree["other_village"], raised_on=dt.date(2023, 1, 4))

    rates = figures.opinion_rates(tree["town"], today=dt.date(2023, 1, 20))
    assert (rates.collected, rates.answered, rates.on_time, rates.due_answered) == (6, 4, 2, 3)
    assert (rates.decided, rates.adopted, rates.overdue) == (3, 2, 1)
    assert (rates.reply_rate, rates.on_time_rate, rates.adoption_rate) == (66.7, 66.7, 66.7)
    by_name = {c.name: c for c in rates.children}
    assert list(by_name) == ["东岳观村", "双岗村"]
    village_a, village_b = by_name["东岳观村"], by_name["双岗村"]
    assert (village_a.collected, village_a.reply_rate, village_a.on_time_rate) == (4, 75.0, 66.7)
    assert (village_a.adoption_rate, village_a.overdue) == (50.0, 1)
    assert (village_b.collected, village_b.reply_rate, village_b.on_time_rate) == (2, 50.0, None)
    assert village_b.adoption_rate == 100.0


def test_period_and_campaign_narrow_the_figures(tree):
    campaign = CampaignFactory(region=tree["town"])
    a = tree["village_a"]
    OpinionFactory(region=a, raised_on=dt.date(2023, 1, 2), campaign=campaign)
    OpinionFactory(region=a, raised_on=dt.date(2023, 2, 2), campaign=campaign)
    OpinionFactory(region=a, raised_on=dt.date(2023, 1, 5))
    january = figures.Period(dt.date(2023, 1, 1), dt.date(2023, 1, 31))
    assert figures.opinion_rates(a, period=january).collected == 2
    assert figures.opinion_rates(a, campaign=campaign).collected == 2
    assert figures.opinion_rates(a, campaign=campaign, period=january).collected == 1
    empty = figures.opinion_rates(tree["village_b"], today=timezone.localdate())
    assert (empty.collected, empty.reply_rate, empty.on_time_rate) == (0, None, None)
