"""Through the API: an expired token is answered 401 `token_expired`, a revoked one 401
`token_revoked`, an unknown one 401 `unauthenticated`; only a working token's use is
stamped. `sanwei createapitoken --days` sets the expiry."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from sanwei.accounts import services
from sanwei.accounts.models import ApiToken


def make_token(username: str, *args: str) -> str:
    out = StringIO()
    call_command("createapitoken", username, *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def get(client, token: str):
    return client.get("/api/v1/regions/", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_the_command_gives_90_days_by_default_and_takes_days(secretary_a):
    before = timezone.now()
    make_token("secretary_a")
    make_token("secretary_a", "--days", "7", "--name", "一周")

    default, week = ApiToken.objects.order_by("id")
    assert dt.timedelta(days=90) <= default.expires_at - before < dt.timedelta(days=90, minutes=1)
    assert dt.timedelta(days=7) <= week.expires_at - before < dt.timedelta(days=7, minutes=1)


@pytest.mark.parametrize("days", ["0", "366"])
def test_the_command_refuses_a_lifetime_beyond_a_year_or_none(secretary_a, days):
    with pytest.raises(CommandError):
        make_token("secretary_a", "--days", days)
    assert not ApiToken.objects.exists()


def test_an_expired_token_gets_401_token_expired(client, secretary_a, monkeypatch):
    token = make_token("secretary_a", "--days", "1")
    assert get(client, token).status_code == 200
    later = timezone.now() + dt.timedelta(days=1, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    stamped = ApiToken.objects.get().last_used_at

    response = get(client, token)

    assert response.status_code == 401
    assert response.json() == {
        "code": "token_expired",
        "message": "此 API 令牌已过期，请在“API 令牌”页面新建一个",
        "field": None,
    }
    assert ApiToken.objects.get().last_used_at == stamped


def test_a_revoked_token_gets_401_token_revoked(client, secretary_a):
    token = make_token("secretary_a")
    services.revoke_token(ApiToken.objects.get(), user=secretary_a)

    response = client.post(
        "/api/v1/teams/",
        {"name": "队", "kind": "lecture", "region": "430821104201"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code == 401
    assert response.json()["code"] == "token_revoked"
    assert ApiToken.objects.get().last_used_at is None


def test_an_unknown_token_gets_401_unauthenticated(client, db):
    response = get(client, "sw_not-a-token")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_working_token_is_stamped_when_used(client, secretary_a):
    token = make_token("secretary_a")
    assert get(client, token).status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


def test_a_burst_of_requests_stamps_the_token_once_a_minute(client, secretary_a, monkeypatch):
    token = make_token("secretary_a")
    start = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: start)
    assert get(client, token).status_code == 200
    assert ApiToken.objects.get().last_used_at == start

    monkeypatch.setattr(timezone, "now", lambda: start + dt.timedelta(seconds=59))
    assert get(client, token).status_code == 200
    assert ApiToken.objects.get().last_used_at == start

    monkeypatch.setattr(timezone, "now", lambda: start + dt.timedelta(seconds=60))
    assert get(client, token).status_code == 200
    assert ApiToken.objects.get().last_used_at == start + dt.timedelta(seconds=60)
