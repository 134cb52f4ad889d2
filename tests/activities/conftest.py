"""Fixtures for the activity tests: a town campaign with one activity per village."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sanwei.activities.models import ActivityType

from ..factories import ActivityFactory, CampaignFactory, PersonFactory, default_activity_type

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(day: int, hour: int) -> dt.datetime:
    """An aware datetime in March 2024, Beijing time."""
    return dt.datetime(2024, 3, day, hour, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """The users of these tests get passwords; PBKDF2 at full strength costs seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def lecture_type(tree) -> ActivityType:
    return default_activity_type("mobile_lecture")


@pytest.fixture
def courtyard_type(tree) -> ActivityType:
    return default_activity_type("courtyard_meeting")


@pytest.fixture
def campaign(tree):
    return CampaignFactory(region=tree["town"], name="学习宣传贯彻党的二十大精神")


@pytest.fixture
def activity_a(tree, campaign, lecture_type):
    return ActivityFactory(
        campaign=campaign,
        activity_type=lecture_type,
        region=tree["village_a"],
        title="东岳观村流动宣讲",
        starts_at=at(5, 9),
        ends_at=at(5, 11),
    )


@pytest.fixture
def activity_b(tree, campaign, lecture_type):
    return ActivityFactory(
        campaign=campaign,
        activity_type=lecture_type,
        region=tree["village_b"],
        title="双岗村流动宣讲",
        starts_at=at(6, 9),
        ends_at=at(6, 11),
    )


@pytest.fixture
def person_a(tree):
    return PersonFactory(region=tree["village_a"], name="张秀英", phone="13812345678")


@pytest.fixture
def person_b(tree):
    return PersonFactory(region=tree["village_b"], name="李建国", phone="13987654321")


def activity_post_data(tree, campaign, activity_type, **overrides) -> dict:
    """A valid POST to the activity form (times as an <input type=datetime-local> sends them)."""
    data = {
        "title": "屋场会：说说村里的路",
        "activity_type": activity_type.pk,
        "campaign": campaign.pk,
        "region": tree["village_a"].pk,
        "organising_team": "",
        "main_session": "",
        "starts_at": "2024-03-10T19:30",
        "ends_at": "2024-03-10T21:00",
        "mode": "offline",
        "place": "张家院子",
        "audience_headcount": "0",
        "notes": "",
    }
    data.update(overrides)
    return data


__all__ = ["SHANGHAI", "activity_post_data", "at", "timezone"]
