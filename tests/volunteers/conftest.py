"""Fixtures of the volunteer tests: the town tree's volunteer brand and a squad."""

from __future__ import annotations

import datetime as dt

import pytest

from sanwei.teams.models import TeamKind

from ..factories import TeamFactory

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def bj(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """An aware datetime, Beijing time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def squad_a(tree):
    brand = TeamFactory(region=tree["town"], name="东岳观志愿服务队", kind=TeamKind.VOLUNTEER_BRAND)
    return TeamFactory(
        region=tree["village_a"], name="东岳观村志愿服务小队", kind=TeamKind.SQUAD, parent=brand
    )
