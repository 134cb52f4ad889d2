"""Fixtures of the classroom tests: the town tree's campaign, a lecture team per village."""

from __future__ import annotations

import datetime as dt

import pytest

from sanwei.accounts.models import Role

from ..factories import CampaignFactory, TeamFactory, default_activity_type, user_with_role

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def bj(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """An aware datetime, Beijing time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def campaign(tree):
    return CampaignFactory(
        region=tree["town"],
        name="学习宣传贯彻党的二十大精神",
        starts_on=dt.date(2022, 10, 25),
        ends_on=dt.date(2023, 3, 31),
    )


@pytest.fixture
def team_a(tree):
    return TeamFactory(region=tree["village_a"], name="东岳观村宣讲队")


@pytest.fixture
def team_b(tree):
    return TeamFactory(region=tree["village_b"], name="双岗村宣讲队")


@pytest.fixture
def team_leader_a(tree):
    return user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")


@pytest.fixture
def lecture_type(tree):
    return default_activity_type("mobile_lecture")


@pytest.fixture
def performance_type(tree):
    return default_activity_type("performance")
