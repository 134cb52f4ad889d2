"""Two-factor login (TOTP, django-otp): required for superusers and town admins, who set it
up at their first login (QR code drawn here); after that a login asks for the code before
the session starts. Other roles may use it and are not asked to."""

import re
import time
from datetime import timedelta

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanwei.core.models import ActionLog

from ..factories import UserFactory


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    settings.SANWEI_OTP_REQUIRED = True


def code(device: TOTPDevice, *, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def wait_out_throttling(device: TOTPDevice) -> None:
    """django-otp makes each wrong code double the wait before the next (1 s after one):
    as if that second had passed."""
    device.refresh_from_db()
    device.throttling_failure_timestamp -= timedelta(seconds=2)
    device.save(update_fields=["throttling_failure_timestamp"])


def log_in(client, username, password="pass-1234"):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_a_town_admin_sets_up_two_factor_at_the_first_login(client, town_admin):
    assert log_in(client, "town_admin")["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"] == "/accounts/two-factor/?next=%2F"
    assert client.get("/people/")["Location"].startswith("/accounts/two-factor/")

    page = client.get("/accounts/two-factor/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(user=town_admin, confirmed=False)
    key = re.search(r"<code>([A-Z2-7]+)</code>", html).group(1)
    assert key  # for typing in by hand
    assert "otpauth://totp/" in device.config_url

    wrong = client.post("/accounts/two-factor/", {"token": "000000"})
    assert "验证码不正确" in wrong.content.decode()
    wait_out_throttling(device)
    done = client.post("/accounts/two-factor/", {"token": code(device), "next": "/people/"})

    assert done["Location"] == "/people/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    assert ActionLog.objects.filter(action_type="otp.enabled", user=town_admin).count() == 1


def test_with_a_device_the_login_asks_for_the_code_before_the_session_starts(client, town_admin):
    device = TOTPDevice.objects.create(user=town_admin, name="phone", confirmed=True)

    step_one = log_in(client, "town_admin")
    assert step_one["Location"] == "/accounts/login/code/"
    assert "_auth_user_id" not in client.session
    assert client.get("/")["Location"].startswith("/accounts/login/")

    wrong = client.post("/accounts/login/code/", {"token": "123456"})
    assert wrong.status_code == 200
    assert "验证码不正确或已过期" in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    too_soon = client.post("/accounts/login/code/", {"token": code(device)})
    assert "验证码错误次数过多，请稍后再试。" in too_soon.content.decode()
    wait_out_throttling(device)

    right = client.post("/accounts/login/code/", {"token": code(device)})
    assert right["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == town_admin.pk
    assert client.get("/").status_code == 200
    actions = list(ActionLog.objects.order_by("id").values_list("action_type", "data"))
    assert ("login.otp_failed", {"username": "town_admin"}) in actions
    assert actions[-1] == ("login.succeeded", {"username": "town_admin", "otp": True})


def test_a_used_code_cannot_be_used_again(client, town_admin):
    device = TOTPDevice.objects.create(user=town_admin, name="phone", confirmed=True)
    log_in(client, "town_admin")
    token = code(device)
    assert client.post("/accounts/login/code/", {"token": token})["Location"] == "/"
    client.post("/accounts/logout/")

    log_in(client, "town_admin")
    replay = client.post("/accounts/login/code/", {"token": token})
    assert replay.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_code_step_expires_five_minutes_after_the_password(client, town_admin, monkeypatch):
    device = TOTPDevice.objects.create(user=town_admin, name="phone", confirmed=True)
    log_in(client, "town_admin")
    later = time.time() + 301
    monkeypatch.setattr("sanwei.accounts.views.time.time", lambda: later)
    response = client.post("/accounts/login/code/", {"token": code(device)})
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_a_superuser_needs_two_factor_too(client, db):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    root.save()
    client.force_login(root)
    assert client.get("/admin/")["Location"] == "/accounts/two-factor/?next=%2Fadmin%2F"


def test_a_session_of_a_town_admin_with_a_device_but_no_code_is_asked_for_it(client, town_admin):
    device = TOTPDevice.objects.create(user=town_admin, name="phone", confirmed=True)
    client.force_login(town_admin)  # e.g. through the admin's own login form
    assert client.get("/")["Location"] == "/accounts/login/code/?next=%2F"
    assert client.post("/accounts/login/code/", {"token": code(device)})["Location"] == "/"
    assert client.get("/").status_code == 200


def test_other_roles_are_not_asked_but_may_set_it_up(client, secretary_a):
    assert log_in(client, "secretary_a")["Location"] == "/"
    assert client.get("/").status_code == 200
    page = client.get("/accounts/two-factor/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=secretary_a)
    client.post("/accounts/two-factor/", {"token": code(device)})
    client.post("/accounts/logout/")

    assert log_in(client, "secretary_a")["Location"] == "/accounts/login/code/"


def test_api_tokens_of_a_town_admin_are_not_asked_for_a_code(client, town_admin):
    from sanwei.accounts.tokens import create_token

    token = create_token(town_admin, "tool")
    response = client.get("/api/v1/teams/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
