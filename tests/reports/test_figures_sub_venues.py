"""The sub-venue rule (主会场+分会场): a sub-venue's session counts toward its main session,
under the main session's type, its audience adds person-times, and a person at both
venues is one person."""

from __future__ import annotations

from sanwei.reports.figures import figures

from ..factories import ActivityFactory, AttendanceFactory, CampaignFactory, PersonFactory
from ..factories import default_activity_type as kind


def test_a_county_training_with_sub_venues_in_two_towns_is_one_session(tree):
    campaign = CampaignFactory(region=tree["county"])
    a, other = tree["village_a"], tree["other_village"]
    main = ActivityFactory(campaign=campaign, region=tree["county"],
                           activity_type=kind("party_school_training"), audience_headcount=40)  # fmt: skip
    # A sub-venue recorded under another type still counts as the main session's type.
    in_a = ActivityFactory(campaign=campaign, region=a, main_session=main,
                           activity_type=kind("online_training"), audience_headcount=8)  # fmt: skip
    in_other = ActivityFactory(campaign=campaign, region=other, main_session=main,
                               activity_type=kind("party_school_training"))  # fmt: skip
    both, only_a = PersonFactory(region=a), PersonFactory(region=a)
    AttendanceFactory(activity=main, person=both)
    AttendanceFactory(activity=in_a, person=both)
    AttendanceFactory(activity=in_a, person=only_a)
    AttendanceFactory(activity=in_other, person=PersonFactory(region=other))

    county = figures(tree["county"], campaign)
    training = county.activities["party_school_training"]
    # 40 + 8 head count + 4 named attendances; 3 persons (`both` once).
    assert (training.sessions, training.person_times, training.persons) == (1, 52, 3)
    assert county.activities["online_training"].sessions == 0
    assert county.classroom.deliveries == 0
    by_name = {c.name: c.activities["party_school_training"] for c in county.children}
    assert list(by_name) == ["东岳观镇", "通津铺镇", "未分到下级区划"]
    # Each town held a venue of the one session: one session each, its own audience.
    assert (by_name["东岳观镇"].sessions, by_name["东岳观镇"].person_times) == (1, 10)
    assert by_name["东岳观镇"].persons == 2
    assert (by_name["通津铺镇"].sessions, by_name["通津铺镇"].person_times) == (1, 1)
    # The main session itself, held at the county.
    assert (by_name["未分到下级区划"].sessions, by_name["未分到下级区划"].persons) == (1, 1)
    assert by_name["未分到下级区划"].person_times == 41

    village = figures(a, campaign).activities["party_school_training"]
    assert (village.sessions, village.person_times, village.persons) == (1, 10, 2)


def test_two_sub_venues_in_one_village_are_one_session_of_the_village(tree):
    campaign = CampaignFactory(region=tree["town"])
    a = tree["village_a"]
    main = ActivityFactory(campaign=campaign, region=tree["town"],
                           activity_type=kind("offline_training"))  # fmt: skip
    first = ActivityFactory(campaign=campaign, region=a, main_session=main,
                            activity_type=kind("offline_training"), audience_headcount=3)  # fmt: skip
    second = ActivityFactory(campaign=campaign, region=a, main_session=main,
                             activity_type=kind("offline_training"), audience_headcount=4)  # fmt: skip
    person = PersonFactory(region=a)
    AttendanceFactory(activity=first, person=person)
    AttendanceFactory(activity=second, person=person)
    # A session of its own in the village.
    ActivityFactory(campaign=campaign, region=a, activity_type=kind("offline_training"))

    training = figures(a, campaign).activities["offline_training"]
    assert (training.sessions, training.person_times, training.persons) == (2, 9, 1)
