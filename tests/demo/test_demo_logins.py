"""One demo login per role, each with its role on its region, all with the printed password."""

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django_scopes import scopes_disabled

from sanwei.accounts.models import Role, RoleAssignment
from sanwei.accounts.permissions import CHANGE_PEOPLE, can, roles_of
from sanwei.demo.builder import DEMO_PASSWORD, demo_login_rows
from sanwei.people.models import LecturerCategory, Person
from sanwei.teams.models import MemberRole, TeamKind

EXPECTED = {
    "county": (Role.COUNTY_VIEWER, "慈利县"),
    "town": (Role.TOWN_ADMIN, "东岳观镇"),
    "secretary": (Role.VILLAGE_SECRETARY, "东岳观村"),
    "secretary2": (Role.VILLAGE_SECRETARY, "双岗村"),
    "leader": (Role.TEAM_LEADER, "东岳观村"),
    "volunteer": (Role.VOLUNTEER, "东岳观村"),
}


def test_every_demo_login_has_its_role_and_region(demo):
    User = get_user_model()
    with scopes_disabled():
        for username, (role, region) in EXPECTED.items():
            user = User.objects.get(username=username)
            assert user.check_password(DEMO_PASSWORD)
            assert not user.is_superuser
            assignments = list(RoleAssignment.objects.filter(user=user).select_related("region"))
            assert [(a.role, a.region.name) for a in assignments] == [(role, region)]
        admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(DEMO_PASSWORD)
    assert demo.users == 7


def test_login_rows_list_role_username_password_region(demo):
    rows = demo_login_rows()
    assert [r[1] for r in rows] == [
        "admin", "county", "town", "secretary", "secretary2", "leader", "volunteer",
    ]  # fmt: skip
    assert rows[0] == ("超级管理员", "admin", DEMO_PASSWORD, "全部")
    assert ("村（社区）书记", "secretary", DEMO_PASSWORD, "东岳观村") in rows


def test_logins_are_the_people_who_hold_those_posts(demo):
    User = get_user_model()
    with scopes_disabled():
        secretary = Person.unscoped.get(
            region__parent__name="东岳观村", lecturer_category=LecturerCategory.VILLAGE_SECRETARY
        )
        squad_leader = Person.unscoped.get(
            memberships__team__kind=TeamKind.SQUAD,
            memberships__team__region__name="东岳观村",
            memberships__role=MemberRole.LEADER,
        )
        assert User.objects.get(username="secretary").first_name == secretary.name
        assert User.objects.get(username="leader").first_name == squad_leader.name
        secretary_user = User.objects.get(username="secretary")
        town = secretary.region.parent.parent  # 组 → 村 → 镇
    assert roles_of(secretary_user) == {Role.VILLAGE_SECRETARY}
    assert can(secretary_user, CHANGE_PEOPLE, secretary.region)
    assert not can(secretary_user, CHANGE_PEOPLE, town)


def test_demo_logins_can_log_in(demo, client):
    for username in ["admin", *EXPECTED]:
        assert client.login(request=HttpRequest(), username=username, password=DEMO_PASSWORD), (
            username
        )
        client.logout()
