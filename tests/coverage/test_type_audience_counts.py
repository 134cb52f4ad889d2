"""The activity figures per session type read from the summary (`coverage.audience`): a
person at a main session and its sub-venue in another village is one person of the town and
one of each village; the every-campaign figures count a person of two campaigns once; with a
period the persons are counted from that period's attendance. Worked out by hand below."""

from __future__ import annotations

import datetime as dt

import pytest

from sanwei.activities.figures import TOTAL, TypeCounts
from sanwei.activities.models import AttendanceRole
from sanwei.coverage.audience import activity_counts
from sanwei.coverage.models import EVERY_CAMPAIGN, TypeAudienceCount

from ..factories import (
    ActivityFactory,
    AttendanceFactory,
    CampaignFactory,
    PersonFactory,
    default_activity_type,
)

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
TOWN, A, B = "430821104", "430821104201", "430821104202"


def on(day: int) -> dt.datetime:
    return dt.datetime(2022, 11, day, 9, tzinfo=SHANGHAI)


@pytest.fixture
def sessions(tree):
    """C1: lecture M at village A (Nov 1) with its sub-venue S at village B (a meeting type,
    so a lecture session), and a meeting T at the town itself (Nov 5). C2: lecture L at
    village A (Nov 10).

    Audience: p1 at M and S; p2 at S; p3 at L (and lecturer at M: not audience);
    p4 at M and T."""
    town, a, b = tree["town"], tree["village_a"], tree["village_b"]
    c1, c2 = CampaignFactory(region=town), CampaignFactory(region=town, name="第二个专题")
    lecture = default_activity_type("mobile_lecture")
    meeting = default_activity_type("courtyard_meeting")
    m = ActivityFactory(campaign=c1, activity_type=lecture, region=a, starts_at=on(1))
    s = ActivityFactory(
        campaign=c1, activity_type=meeting, region=b, starts_at=on(1), main_session=m
    )
    t = ActivityFactory(campaign=c1, activity_type=meeting, region=town, starts_at=on(5))
    lec = ActivityFactory(campaign=c2, activity_type=lecture, region=a, starts_at=on(10))
    p1, p2, p3, p4 = (PersonFactory(region=a) for _ in range(4))
    for activity, person in ((m, p1), (s, p1), (s, p2), (lec, p3), (m, p4), (t, p4)):
        AttendanceFactory(activity=activity, person=person)
    AttendanceFactory(activity=m, person=p3, role=AttendanceRole.LECTURER)
    return {"town": town, "county": tree["county"], "c1": c1, "c2": c2}


def test_a_sub_venue_in_another_village_counts_its_persons_once_for_the_town(sessions):
    counts = activity_counts(sessions["town"], campaign=sessions["c1"])
    assert counts == {
        TOTAL: {
            "mobile_lecture": TypeCounts(sessions=1, person_times=4, persons=3),
            "courtyard_meeting": TypeCounts(sessions=1, person_times=1, persons=1),
        },
        A: {"mobile_lecture": TypeCounts(sessions=1, person_times=2, persons=2)},
        B: {"mobile_lecture": TypeCounts(sessions=1, person_times=2, persons=2)},
        TOWN: {"courtyard_meeting": TypeCounts(sessions=1, person_times=1, persons=1)},
    }


def test_every_campaign_counts_a_person_of_two_campaigns_once(sessions):
    counts = activity_counts(sessions["town"])
    assert counts[TOTAL]["mobile_lecture"] == TypeCounts(sessions=2, person_times=5, persons=4)
    assert counts[A]["mobile_lecture"] == TypeCounts(sessions=2, person_times=3, persons=3)
    assert activity_counts(sessions["town"], campaign=sessions["c2"]) == {
        TOTAL: {"mobile_lecture": TypeCounts(sessions=1, person_times=1, persons=1)},
        A: {"mobile_lecture": TypeCounts(sessions=1, person_times=1, persons=1)},
    }


def test_the_county_reads_the_town_as_one_child(sessions):
    counts = activity_counts(sessions["county"], campaign=sessions["c1"])
    assert counts[TOWN] == {
        "mobile_lecture": TypeCounts(sessions=1, person_times=4, persons=3),
        "courtyard_meeting": TypeCounts(sessions=1, person_times=1, persons=1),
    }
    assert counts[TOTAL] == counts[TOWN]


def test_with_a_period_the_persons_are_those_of_the_period(sessions):
    counts = activity_counts(
        sessions["town"], start=dt.date(2022, 11, 2), end=dt.date(2022, 11, 10)
    )
    assert counts == {
        TOTAL: {
            "mobile_lecture": TypeCounts(sessions=1, person_times=1, persons=1),
            "courtyard_meeting": TypeCounts(sessions=1, person_times=1, persons=1),
        },
        A: {"mobile_lecture": TypeCounts(sessions=1, person_times=1, persons=1)},
        TOWN: {"courtyard_meeting": TypeCounts(sessions=1, person_times=1, persons=1)},
    }


def test_the_stored_counts_are_per_region_path_subtree_and_own(sessions):
    rows = TypeAudienceCount.objects.filter(
        campaign_key=sessions["c1"].pk, activity_type__code="mobile_lecture"
    )
    stored = {row.path: (row.persons, row.own) for row in rows}
    # Every prefix of the venues' paths: the province, city, county and town see 3 persons
    # (p1 at both villages once), each village its own 2; nobody at the town itself.
    assert stored == {
        "43": (3, 0),
        "4308": (3, 0),
        "430821": (3, 0),
        TOWN: (3, 0),
        A: (2, 2),
        B: (2, 2),
    }
    assert (
        TypeAudienceCount.objects.get(
            campaign_key=EVERY_CAMPAIGN, path=TOWN, activity_type__code="mobile_lecture"
        ).persons
        == 4
    )
