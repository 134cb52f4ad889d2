"""Fixtures of the courtyard-meeting tests (test_meeting_*, test_board_*
and test_opinion_entry/import modules): village A with two 组 and a few residents, a
campaign of the town and one 屋场会 in village A today."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sanwei.regions.models import RegionLevel
from sanwei.seminar.models import CourtyardMeeting

from ..factories import (
    ActivityFactory,
    CampaignFactory,
    PersonFactory,
    RegionFactory,
    default_activity_type,
)

__all__ = ["make_meeting", "meeting_village"]


def make_meeting(region, campaign, **fields) -> CourtyardMeeting:
    starts = fields.pop("starts_at", timezone.now().replace(microsecond=0) - dt.timedelta(hours=1))
    activity = ActivityFactory(
        region=region,
        campaign=campaign,
        activity_type=default_activity_type("courtyard_meeting"),
        title=fields.pop("title", "屋场会：聊聊二十大，说说村里事"),
        place="东岳观村张家屋场",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        **fields,
    )
    return CourtyardMeeting.unscoped.create(activity=activity)


@pytest.fixture
def meeting_village(tree):
    village = tree["village_a"]
    group1 = RegionFactory(
        code="430821104201001", name="一组", level=RegionLevel.GROUP, parent=village
    )
    group2 = RegionFactory(
        code="430821104201002", name="二组", level=RegionLevel.GROUP, parent=village
    )
    people = {}
    for name, region, phone in (
        ("张建国", group1, "13800001111"),
        ("李桂兰", group1, "13800002222"),
        ("王德福", group2, "13900003333"),
    ):
        people[name] = PersonFactory(region=region, name=name, phone=phone)
    outsider = PersonFactory(region=tree["village_b"], name="刘强", phone="13600004444")
    campaign = CampaignFactory(region=tree["town"])
    meeting = make_meeting(village, campaign)
    return {
        "village": village,
        "group1": group1,
        "group2": group2,
        "people": people,
        "outsider": outsider,
        "campaign": campaign,
        "meeting": meeting,
        "activity": meeting.activity,
    }
