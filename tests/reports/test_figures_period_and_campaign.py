"""The period (inclusive local dates, Asia/Shanghai) and the campaign narrow every figure;
records without a campaign (needs, need hours, volunteers) count within the campaign's
dates when no period is given."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sanwei.core.errors import ServiceError
from sanwei.reports.figures import figures

from ..factories import ActivityFactory, AttendanceFactory, CampaignFactory, PersonFactory
from ..factories import default_activity_type as kind
from .conftest import at, d

MARCH_1 = dt.date(2023, 3, 1)


def test_january_alone(town):
    f = figures(town["town"], town["campaign"], d(1, 1), d(1, 31), today=MARCH_1)
    # February's lecture in B (32) and April's (7) are out; the volunteer service (10 Feb) too.
    lectures = f.activities["mobile_lecture"]
    assert (lectures.sessions, lectures.person_times, lectures.persons) == (1, 21, 1)
    assert f.classroom.lectures.lectures == 1
    assert f.classroom.lectures.person_times == 21
    assert f.activities["offline_training"].sessions == 1
    assert f.service.activities == 0
    # Reached in January: p1, p2 (training, delivery), p3 (lecture), p4 (sub-venue B).
    assert (f.coverage.persons.reached, f.coverage.persons.total) == (4, 6)
    assert (f.coverage.party_members.reached, f.coverage.households.reached) == (1, 3)
    assert (f.seminar.opinions.collected, f.seminar.essays.collected) == (3, 3)
    # Hours: only need hours (n1 2 h on 12 Jan, n3 1 h on 16 Jan); p1's are in February.
    assert f.service.hours == 3
    assert (f.service.volunteers.registered, f.service.volunteers.active) == (3, 1)
    # Star levels: cumulative up to 31 Jan: p4 3 h, p1 0 h, p3 0 h.
    assert f.service.stars == [2, 0, 1, 0, 0, 0]
    assert (f.service.needs.reported, f.service.needs.resolved, f.service.needs.rated) == (3, 2, 1)
    # The 2000 pledge leaflets were handed out in February.
    assert [(q["item"], q["total"]) for q in f.service.quantities] == [
        ("学习读本", 30),
        ("饮用水", Decimal("10.5")),
    ]


def test_the_bounds_are_inclusive_local_dates(town):
    """12 Jan: n1 resolved that day; the 10 Jan training starts 10:00 Beijing time."""
    day = figures(town["town"], town["campaign"], d(1, 12), d(1, 12), today=MARCH_1)
    assert day.service.needs.resolved == 1
    assert day.service.needs.reported == 0
    assert day.activities["offline_training"].sessions == 0
    assert day.seminar.opinions.collected == 0
    tenth = figures(town["town"], town["campaign"], d(1, 10), d(1, 10), today=MARCH_1)
    training = tenth.activities["offline_training"]
    assert (training.sessions, training.person_times, training.persons) == (1, 19, 3)
    assert tenth.service.needs.reported == 2  # n1 and n3 were registered on the 10th


def test_an_activity_late_at_night_counts_on_its_beijing_date(tree):
    campaign = CampaignFactory(region=tree["town"])
    a = tree["village_a"]
    # 31 Jan 23:00 Beijing is 31 Jan 15:00 UTC; 1 Feb 00:00 Beijing is 31 Jan 16:00 UTC.
    late = ActivityFactory(campaign=campaign, region=a, activity_type=kind("micro_party_lesson"),
                           starts_at=at(d(1, 31), 23), audience_headcount=2)  # fmt: skip
    ActivityFactory(campaign=campaign, region=a, activity_type=kind("micro_party_lesson"),
                    starts_at=at(d(2, 1), 0), audience_headcount=5)  # fmt: skip
    AttendanceFactory(activity=late, person=PersonFactory(region=a))
    january = figures(a, campaign, d(1, 1), d(1, 31)).activities["micro_party_lesson"]
    assert (january.sessions, january.person_times, january.persons) == (1, 3, 1)
    february = figures(a, campaign, d(2, 1), d(2, 28)).activities["micro_party_lesson"]
    assert (february.sessions, february.person_times, february.persons) == (1, 5, 0)


def test_another_campaign_is_left_out(town):
    other = CampaignFactory(
        region=town["town"], name="另一专题", starts_on=d(1, 1), ends_on=d(3, 31)
    )
    ActivityFactory(campaign=other, region=town["village_a"],
                    activity_type=kind("mobile_lecture"), starts_at=at(d(1, 20)),
                    audience_headcount=100)  # fmt: skip
    mine = figures(town["town"], town["campaign"], today=MARCH_1)
    assert mine.activities["mobile_lecture"].person_times == 60
    everything = figures(town["town"], today=MARCH_1)
    assert everything.activities["mobile_lecture"].person_times == 160
    theirs = figures(town["town"], other, today=MARCH_1)
    assert theirs.activities["mobile_lecture"].person_times == 100
    assert theirs.seminar.opinions.collected == 0
    assert theirs.coverage.persons.reached == 0
    # Needs carry no campaign: the other campaign's dates are the same, so the same needs.
    assert theirs.service.needs.reported == 3


def test_needs_without_a_period_count_within_the_campaigns_dates(town):
    short = CampaignFactory(
        region=town["town"], name="一月专题", starts_on=d(1, 11), ends_on=d(1, 31)
    )
    f = figures(town["town"], short, today=MARCH_1)
    # Registered 10 Jan (n1, n3) are before it; n2 (14 Jan) is in; resolved 12 and 16 Jan.
    assert (f.service.needs.reported, f.service.needs.resolved) == (1, 2)
    assert f.service.hours == 3  # the need hours; no activity of this campaign


def test_a_period_ending_before_it_starts_is_refused(town):
    with pytest.raises(ServiceError) as refused:
        figures(town["town"], None, d(2, 1), d(1, 1))
    assert refused.value.code == "period_invalid"
