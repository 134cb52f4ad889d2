"""Repeated check-ins from one address are limited: 60 a minute from one address (a village
meeting may share one Wi-Fi), 5 a minute from one address with one mobile number. The
check-in over the limit gets a clear Chinese 429 page and records nothing."""

from __future__ import annotations

import time
from types import SimpleNamespace

import django_ratelimit.core
import pytest

from sanwei.checkin.models import UnverifiedCheckin


@pytest.fixture(autouse=True)
def _one_window(monkeypatch):
    """The limits count per fixed one-minute window; on a loaded machine the posts of one
    test could straddle a window's end and start counting again. Hold the limiter's clock
    still (only the limiter's), so every post of a test falls in one window."""
    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))


def test_the_61st_check_in_in_a_minute_from_one_address_is_refused(client, activity, link):
    statuses = [
        client.post(link, {"name": f"来访者{i}", "phone": f"1350000{i:04d}"}).status_code
        for i in range(61)
    ]

    assert statuses == [200] * 60 + [429]
    refused = client.post(link, {"name": "来访者99", "phone": "13500009999"})
    assert refused.status_code == 429
    assert "操作过于频繁" in refused.content.decode()
    assert UnverifiedCheckin.unscoped.count() == 60


def test_the_same_number_a_sixth_time_in_a_minute_is_refused(client, activity, link):
    statuses = [
        client.post(link, {"name": "陈外来", "phone": "13500000000"}).status_code for _ in range(6)
    ]

    assert statuses == [200] * 5 + [429]
    other = client.post(link, {"name": "邻居", "phone": "13600000000"})
    assert other.status_code == 200


def test_another_address_is_not_limited_by_the_first(client, activity, link):
    for i in range(60):
        client.post(link, {"name": f"来访者{i}", "phone": f"1350000{i:04d}"})

    response = client.post(link, {"name": "邻居", "phone": "13600000000"}, REMOTE_ADDR="10.0.0.2")

    assert response.status_code == 200


def test_opening_the_page_is_not_counted(client, activity, link):
    for _ in range(70):
        assert client.get(link).status_code == 200
    assert client.post(link, {"name": "陈外来", "phone": "13500000000"}).status_code == 200


def test_behind_the_proxy_each_resident_is_counted_by_their_own_address(
    client, activity, link, settings
):
    """nginx connects from 127.0.0.1 and names the client in X-Forwarded-For: residents
    from one address fill its limit, and one from another address still gets in. (An
    hourly limit here: a minute's window may turn over while a slow machine posts.)"""
    settings.CHECKIN_RATE_LIMIT = "5/h"
    for i in range(5):
        client.post(
            link,
            {"name": f"来访者{i}", "phone": f"1350000{i:04d}"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="10.1.1.1",
        )
    same = client.post(
        link,
        {"name": "同一地址", "phone": "13600000001"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.1.1.1",
    )
    other = client.post(
        link,
        {"name": "另一地址", "phone": "13600000002"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.1.1.2",
    )

    assert same.status_code == 429
    assert other.status_code == 200


def test_a_forwarded_header_from_an_untrusted_peer_is_not_believed(
    client, activity, link, settings
):
    settings.CHECKIN_RATE_LIMIT = "5/h"
    for i in range(5):
        client.post(
            link,
            {"name": f"来访者{i}", "phone": f"1350000{i:04d}"},
            REMOTE_ADDR="10.0.0.9",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{i}",
        )

    refused = client.post(
        link,
        {"name": "换个头", "phone": "13600000003"},
        REMOTE_ADDR="10.0.0.9",
        HTTP_X_FORWARDED_FOR="10.9.9.200",
    )

    assert refused.status_code == 429
