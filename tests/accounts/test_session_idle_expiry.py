"""A session ends after SESSION_IDLE_MINUTES (30) without a request; each request starts
the idle time again."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone


def stored_session(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def idle_for(client, minutes: int) -> None:
    """As if the last request had been `minutes` ago: the stored expiry moves back."""
    session = stored_session(client)
    session.expire_date -= timedelta(minutes=minutes)
    session.save()


def test_the_idle_limit_is_30_minutes_by_default(settings):
    assert settings.SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_COOKIE_AGE == 1800


def test_a_session_idle_for_longer_than_the_limit_is_logged_out(login, secretary_a):
    client = login(secretary_a)
    assert client.get("/").status_code == 200
    idle_for(client, 31)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_a_request_within_the_limit_starts_the_idle_time_again(login, secretary_a):
    client = login(secretary_a)
    idle_for(client, 29)
    assert client.get("/").status_code == 200
    remaining = stored_session(client).expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)
    idle_for(client, 29)
    assert client.get("/").status_code == 200  # 58 minutes after login, never 30 idle


def test_the_session_cookie_is_secure_http_only_and_ends_with_the_browser(client, secretary_a):
    response = client.post("/accounts/login/", {"username": "secretary_a", "password": "pass-1234"})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == ""  # a browser-session cookie: gone when the browser closes
