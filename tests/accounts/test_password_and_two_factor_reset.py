"""A town admin resets an account's password (a new one-time password, shown once, to be
changed at the next login) or its two-factor device (a lost phone)."""

from __future__ import annotations

import re

from django_otp.plugins.otp_totp.models import TOTPDevice

from sanwei.accounts.models import AccountSecurity, Role
from sanwei.core.models import ActionLog

from ..factories import user_with_role


def test_a_password_reset_shows_a_one_time_password_and_forces_a_change(
    client, login, town_admin, tree
):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")

    response = login(town_admin).post(f"/accounts/users/{leader.pk}/password/")

    assert response.status_code == 200
    page = response.content.decode()
    password = re.search(r'id="one-time-password"[^>]*>([^<]+)<', page).group(1)
    leader.refresh_from_db()
    assert leader.check_password(password) and not leader.check_password("pass-1234")
    assert AccountSecurity.objects.get(user=leader).must_change_password is True
    record = ActionLog.objects.get(action_type="account.password_set_by_other")
    assert (record.user, record.region_path) == (town_admin, "430821104201")
    client.logout()
    client.post("/accounts/login/", {"username": "leader_a", "password": password})
    assert client.get("/")["Location"] == "/accounts/password/?next=%2F"


def test_a_secretary_cannot_reset_a_password(login, secretary_a, tree):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")
    response = login(secretary_a).post(f"/accounts/users/{leader.pk}/password/")
    assert response.status_code == 403
    leader.refresh_from_db()
    assert leader.check_password("pass-1234")


def test_a_two_factor_reset_removes_the_device_and_the_next_login_sets_up_a_new_one(
    client, login, town_admin, tree, settings
):
    # A town's admin is reset by an admin above the town (here the county's), not a peer.
    county_admin = user_with_role(Role.TOWN_ADMIN, tree["county"], username="county_admin")
    TOTPDevice.objects.create(user=town_admin, name="phone", confirmed=True)

    response = login(county_admin).post(f"/accounts/users/{town_admin.pk}/two-factor/")

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=town_admin).exists()
    record = ActionLog.objects.get(action_type="account.otp_reset")
    assert (record.user, record.data) == (county_admin, {"username": "town_admin", "devices": 1})
    settings.SANWEI_OTP_REQUIRED = True
    client.logout()
    client.post("/accounts/login/", {"username": "town_admin", "password": "pass-1234"})
    assert client.get("/")["Location"].startswith("/accounts/two-factor/")


def test_a_volunteer_cannot_reset_a_two_factor_device(login, volunteer_a, tree):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")
    TOTPDevice.objects.create(user=leader, name="phone", confirmed=True)
    response = login(volunteer_a).post(f"/accounts/users/{leader.pk}/two-factor/")
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=leader).count() == 1
