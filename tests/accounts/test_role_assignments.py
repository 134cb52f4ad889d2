"""Roles are added and removed on the account's page. Every change is in the action log:
who granted or took what, from whom, where; the town's log page shows it. A town admin
never grants a role above their own nor outside their town, even by a crafted POST."""

from __future__ import annotations

from sanwei.accounts.models import Role, RoleAssignment
from sanwei.core.models import ActionLog

from ..factories import user_with_role


def roles(account) -> list[tuple[str, str]]:
    return list(
        account.role_assignments.order_by("region__path", "role").values_list(
            "role", "region__name"
        )
    )


def test_a_town_admin_adds_a_role_and_the_log_says_who_gave_what_to_whom_where(
    login, town_admin, tree
):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")

    response = login(town_admin).post(
        f"/accounts/users/{leader.pk}/roles/",
        {"role": "village_secretary", "region": tree["village_b"].pk},
    )

    assert response.status_code == 302
    assert roles(leader) == [("team_leader", "东岳观村"), ("village_secretary", "双岗村")]
    record = ActionLog.objects.get(action_type="role.granted")
    assert (record.user, record.region_path, record.via) == (town_admin, "430821104202", "session")
    assert record.data == {
        "username": "leader_a",
        "role": "village_secretary",
        "role_label": "村（社区）书记",
        "region": "430821104202",
        "region_name": "双岗村",
    }


def test_a_town_admin_removes_a_role_and_it_is_logged(login, town_admin, tree):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")
    extra = RoleAssignment.objects.create(user=leader, role=Role.VOLUNTEER, region=tree["town"])

    response = login(town_admin).post(f"/accounts/users/{leader.pk}/roles/{extra.pk}/remove/")

    assert response.status_code == 302
    assert roles(leader) == [("team_leader", "东岳观村")]
    record = ActionLog.objects.get(action_type="role.revoked")
    assert (record.user, record.region_path, record.object_id) == (
        town_admin,
        "430821104",
        extra.pk,
    )
    assert record.data["role"] == "volunteer" and record.data["username"] == "leader_a"


def test_the_town_log_page_shows_the_role_changes(login, town_admin, tree):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")
    client = login(town_admin)
    client.post(
        f"/accounts/users/{leader.pk}/roles/", {"role": "volunteer", "region": tree["town"].pk}
    )

    page = client.get("/audit/?action=role.granted").content.decode()

    assert "分配角色" in page and "leader_a" in page


def test_a_crafted_post_for_a_role_above_the_admins_own_grants_nothing(login, town_admin, tree):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")
    client = login(town_admin)

    response = client.post(
        f"/accounts/users/{leader.pk}/roles/", {"role": "county_viewer", "region": tree["town"].pk}
    )

    assert response.status_code == 302
    assert "未添加角色：选择一个有效的选项" in client.get(response["Location"]).content.decode()
    assert roles(leader) == [("team_leader", "东岳观村")]
    assert not ActionLog.objects.filter(action_type="role.granted").exists()


def test_a_crafted_post_for_a_region_outside_the_town_grants_nothing(login, town_admin, tree):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")

    for region in (tree["other_village"], tree["county"]):
        response = login(town_admin).post(
            f"/accounts/users/{leader.pk}/roles/", {"role": "volunteer", "region": region.pk}
        )
        assert response.status_code in (302, 403)

    assert roles(leader) == [("team_leader", "东岳观村")]
    assert not ActionLog.objects.filter(action_type="role.granted").exists()


def test_a_town_admin_cannot_give_themselves_a_role(login, town_admin, tree):
    response = login(town_admin).post(
        f"/accounts/users/{town_admin.pk}/roles/", {"role": "town_admin", "region": tree["town"].pk}
    )
    assert response.status_code == 403


def test_a_town_admin_cannot_take_away_a_role_they_could_not_grant(login, town_admin, tree):
    viewer = user_with_role(Role.VOLUNTEER, tree["village_a"], username="viewer")
    high = RoleAssignment.objects.create(user=viewer, role=Role.COUNTY_VIEWER, region=tree["town"])

    response = login(town_admin).post(f"/accounts/users/{viewer.pk}/roles/{high.pk}/remove/")

    assert response.status_code == 403
    assert RoleAssignment.objects.filter(pk=high.pk).exists()


def test_the_last_role_is_not_removed_by_a_town_admin(login, town_admin, tree):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")
    only = leader.role_assignments.get()
    client = login(town_admin)

    response = client.post(f"/accounts/users/{leader.pk}/roles/{only.pk}/remove/", follow=True)

    assert "这是该账号唯一的角色，不能移除" in response.content.decode()
    assert roles(leader) == [("team_leader", "东岳观村")]


def test_a_duplicate_role_is_refused_with_a_message(login, town_admin, tree):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")
    response = login(town_admin).post(
        f"/accounts/users/{leader.pk}/roles/",
        {"role": "team_leader", "region": tree["village_a"].pk},
        follow=True,
    )
    assert "该账号在此区划已有这个角色" in response.content.decode()
    assert leader.role_assignments.count() == 1


def test_the_secretary_of_the_village_may_not_change_roles(login, secretary_a, tree):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")
    response = login(secretary_a).post(
        f"/accounts/users/{leader.pk}/roles/", {"role": "volunteer", "region": tree["village_a"].pk}
    )
    assert response.status_code == 403
    assert leader.role_assignments.count() == 1
