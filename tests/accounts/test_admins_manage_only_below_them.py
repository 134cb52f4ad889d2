"""A town admin manages the accounts below them in their town (secretaries, leaders,
volunteers) and never another admin of the same town: no password or two-factor reset, no
deactivation, no role change, no token, and no making of a new peer. An admin above the
town (the county's) or a superuser manages a town's admin."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from sanwei.accounts.models import Role
from sanwei.core.models import ActionLog

from ..factories import UserFactory, user_with_role


def _peer(tree):
    return user_with_role(Role.TOWN_ADMIN, tree["town"], username="deputy")


def test_a_town_admin_cannot_reset_a_peer_admins_password(login, town_admin, tree):
    deputy = _peer(tree)

    response = login(town_admin).post(f"/accounts/users/{deputy.pk}/password/")

    assert response.status_code == 403
    deputy.refresh_from_db()
    assert deputy.check_password("pass-1234")
    assert not ActionLog.objects.filter(action_type="account.password_set_by_other").exists()


def test_a_town_admin_cannot_reset_a_peer_admins_two_factor_device(login, town_admin, tree):
    deputy = _peer(tree)
    TOTPDevice.objects.create(user=deputy, name="phone", confirmed=True)

    response = login(town_admin).post(f"/accounts/users/{deputy.pk}/two-factor/")

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=deputy).count() == 1
    assert not ActionLog.objects.filter(action_type="account.otp_reset").exists()


def test_a_town_admin_cannot_deactivate_a_peer_nor_change_their_roles(login, town_admin, tree):
    deputy = _peer(tree)
    extra = user_with_role(Role.VOLUNTEER, tree["village_a"], username="x").role_assignments.get()
    extra.user = deputy
    extra.save()
    client = login(town_admin)

    deactivate = client.post(f"/accounts/users/{deputy.pk}/active/", {"active": "0"})
    add = client.post(
        f"/accounts/users/{deputy.pk}/roles/",
        {"role": "village_secretary", "region": tree["village_b"].pk},
    )
    remove = client.post(f"/accounts/users/{deputy.pk}/roles/{extra.pk}/remove/")
    token = client.get(f"/accounts/tokens/new/?user={deputy.pk}")

    assert (deactivate.status_code, add.status_code, remove.status_code) == (403, 403, 403)
    assert token.status_code == 403
    deputy.refresh_from_db()
    assert deputy.is_active is True
    assert sorted(deputy.role_assignments.values_list("role", flat=True)) == [
        "town_admin",
        "volunteer",
    ]


def test_the_peer_admins_page_offers_no_reset(login, town_admin, tree):
    deputy = _peer(tree)

    page = login(town_admin).get(f"/accounts/users/{deputy.pk}/").content.decode()

    assert f"/accounts/users/{deputy.pk}/password/" not in page
    assert f"/accounts/users/{deputy.pk}/two-factor/" not in page


def test_a_town_admin_cannot_make_a_new_admin_of_their_own_town(login, town_admin, tree):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")
    client = login(town_admin)

    created = client.post(
        "/accounts/users/new/",
        {"username": "new_admin", "full_name": "新管理员", "role": "town_admin",
         "region": tree["town"].pk},
    )  # fmt: skip
    granted = client.post(
        f"/accounts/users/{leader.pk}/roles/", {"role": "town_admin", "region": tree["town"].pk}
    )

    assert created.status_code == 200
    assert "不能在“东岳观镇”分配“乡镇管理员”" in created.content.decode()
    assert granted.status_code == 302
    assert "不能在“东岳观镇”分配“乡镇管理员”" in client.get(granted["Location"]).content.decode()
    assert not UserFactory._meta.model.objects.filter(username="new_admin").exists()
    assert list(leader.role_assignments.values_list("role", flat=True)) == ["team_leader"]


def test_a_town_admin_still_resets_a_secretary_of_the_town(login, town_admin, secretary_a):
    TOTPDevice.objects.create(user=secretary_a, name="phone", confirmed=True)

    client = login(town_admin)
    password = client.post(f"/accounts/users/{secretary_a.pk}/password/")
    device = client.post(f"/accounts/users/{secretary_a.pk}/two-factor/")

    assert (password.status_code, device.status_code) == (200, 302)
    secretary_a.refresh_from_db()
    assert not secretary_a.check_password("pass-1234")
    assert not TOTPDevice.objects.filter(user=secretary_a).exists()


def test_the_county_admin_resets_a_town_admins_password(login, town_admin, tree):
    county_admin = user_with_role(Role.TOWN_ADMIN, tree["county"], username="county_admin")

    response = login(county_admin).post(f"/accounts/users/{town_admin.pk}/password/")

    assert response.status_code == 200
    town_admin.refresh_from_db()
    assert not town_admin.check_password("pass-1234")
    record = ActionLog.objects.get(action_type="account.password_set_by_other")
    assert (record.user, record.region_path) == (county_admin, tree["town"].path)


def test_a_superuser_resets_a_town_admins_two_factor_device(login, town_admin, tree):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    root.save()  # the factory sets the password unsaved: the session would not match it
    TOTPDevice.objects.create(user=town_admin, name="phone", confirmed=True)

    response = login(root).post(f"/accounts/users/{town_admin.pk}/two-factor/")

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=town_admin).exists()
