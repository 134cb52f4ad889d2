"""Fixtures of the quantities tests: Beijing times, a JSON API client."""

from __future__ import annotations

import datetime as dt

import pytest

from sanwei.accounts.tokens import create_token

from ..people.conftest import ApiClient

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def bj(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """An aware datetime, Beijing time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def totals(rows: list[dict]) -> list[tuple[str, str, str]]:
    """Totals as (item, unit, total text) for literal comparison."""
    return [(r["item"], r["unit"], f"{r['total']:f}") for r in rows]


@pytest.fixture
def api_as(client):
    def _api(user) -> ApiClient:
        return ApiClient(client, create_token(user, "t"))

    return _api
