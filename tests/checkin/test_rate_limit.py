"""Repeated check-ins from one address are limited: 60 a minute from one address (a village
meeting may share one Wi-Fi), 5 a minute from one address with one mobile number. The
check-in over the limit gets a clear Chinese 429 page and records nothing."""

from __future__ import annotations

from sanwei.checkin.models import UnverifiedCheckin


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
