"""A town admin deactivates and reactivates an account of their town: a deactivated
account neither logs in nor uses its tokens. Superusers, accounts with a role outside the
town and the admin's own account are refused, by the page and by a crafted POST."""

from __future__ import annotations

from sanwei.accounts.models import Role, RoleAssignment
from sanwei.accounts.tokens import create_token
from sanwei.core.models import ActionLog

from ..factories import UserFactory, user_with_role


def test_a_deactivated_account_cannot_log_in_nor_use_its_token(client, login, town_admin, tree):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")
    token = create_token(leader, "对接")

    response = login(town_admin).post(f"/accounts/users/{leader.pk}/active/", {"active": "0"})

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/users/{leader.pk}/"
    leader.refresh_from_db()
    assert leader.is_active is False
    record = ActionLog.objects.get(action_type="account.deactivated")
    assert (record.user, record.region_path, record.data) == (
        town_admin,
        "430821104201",
        {"username": "leader_a"},
    )
    client.logout()
    refused = client.post("/accounts/login/", {"username": "leader_a", "password": "pass-1234"})
    assert refused.status_code == 200  # the form again, no session
    assert client.get("/").status_code == 302
    api = client.get("/api/v1/teams/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 401


def test_a_reactivated_account_logs_in_again(client, login, town_admin, tree):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")
    admin = login(town_admin)
    admin.post(f"/accounts/users/{leader.pk}/active/", {"active": "0"})
    admin.post(f"/accounts/users/{leader.pk}/active/", {"active": "1"})

    leader.refresh_from_db()
    assert leader.is_active is True
    assert list(
        ActionLog.objects.filter(action_type__startswith="account.")
        .order_by("id")
        .values_list("action_type", flat=True)
    ) == ["account.deactivated", "account.reactivated"]


def test_a_superuser_with_a_role_in_the_town_is_not_the_town_admins_to_deactivate(
    login, town_admin, tree
):
    root = UserFactory(username="root", is_superuser=True)
    root.save()

    RoleAssignment.objects.create(user=root, role=Role.VOLUNTEER, region=tree["village_a"])

    response = login(town_admin).post(f"/accounts/users/{root.pk}/active/", {"active": "0"})

    assert response.status_code == 403
    root.refresh_from_db()
    assert root.is_active is True


def test_a_superuser_without_a_role_is_not_even_seen(login, town_admin, tree):
    root = UserFactory(username="root", is_superuser=True)
    root.save()
    client = login(town_admin)
    assert client.get(f"/accounts/users/{root.pk}/").status_code == 404
    assert client.post(f"/accounts/users/{root.pk}/active/", {"active": "0"}).status_code == 404


def test_an_account_with_a_role_in_another_town_is_refused(login, town_admin, tree):
    both = user_with_role(Role.VOLUNTEER, tree["village_a"], username="both")

    RoleAssignment.objects.create(
        user=both, role=Role.VILLAGE_SECRETARY, region=tree["other_village"]
    )
    client = login(town_admin)

    page = client.get(f"/accounts/users/{both.pk}/").content.decode()
    assert "只能由上级管理员管理" in page and "停用账号" not in page
    assert client.post(f"/accounts/users/{both.pk}/active/", {"active": "0"}).status_code == 403
    both.refresh_from_db()
    assert both.is_active is True


def test_a_peer_town_admin_of_the_county_is_refused(login, town_admin, tree):
    county_admin = user_with_role(Role.TOWN_ADMIN, tree["county"], username="county_admin")
    client = login(town_admin)
    # The county admin's role lies above the town: not in the town admin's sight at all.
    assert client.get(f"/accounts/users/{county_admin.pk}/").status_code == 404


def test_a_town_admin_cannot_deactivate_themselves(login, town_admin, tree):
    response = login(town_admin).post(f"/accounts/users/{town_admin.pk}/active/", {"active": "0"})
    assert response.status_code == 403
    town_admin.refresh_from_db()
    assert town_admin.is_active is True


def test_another_towns_admin_does_not_see_the_account(login, tree):
    other_admin = user_with_role(Role.TOWN_ADMIN, tree["other_town"], username="other_admin")
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")
    response = login(other_admin).post(f"/accounts/users/{leader.pk}/active/", {"active": "0"})
    assert response.status_code == 404
    leader.refresh_from_db()
    assert leader.is_active is True


def test_a_deactivated_accounts_open_session_ends_at_its_next_request(town_admin, tree):
    from django.test import Client

    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")
    session = Client()
    session.post("/accounts/login/", {"username": "leader_a", "password": "pass-1234"})
    assert session.get("/accounts/me/").status_code == 200
    admin = Client()
    admin.force_login(town_admin)

    admin.post(f"/accounts/users/{leader.pk}/active/", {"active": "0"})

    response = session.get("/accounts/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
