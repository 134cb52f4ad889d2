"""A town admin creates an account on the users page: one role in their town, a one-time
password shown once, changed by its owner at the first login; never a role above their
own or a region outside their town: the form offers only what they may grant, and a
crafted POST is a form error (nothing created)."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model

from sanwei.accounts.models import AccountSecurity, Role, RoleAssignment
from sanwei.core.models import ActionLog

from ..factories import UserFactory, user_with_role

User = get_user_model()


def one_time_password(response) -> str:
    match = re.search(r'id="one-time-password"[^>]*>([^<]+)<', response.content.decode())
    assert match, response.content.decode()
    return match.group(1)


def offered(page: str, field: str) -> list[tuple[str, str]]:
    """(value, label) of the options of the select named `field`, in order."""
    select = page.split(f'name="{field}"')[1].split("</select>")[0]
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
    return [(value, label.strip("\u3000")) for value, label in options if value]


def test_the_form_offers_a_town_admin_the_roles_below_theirs_and_their_own_below_the_town(
    login, town_admin, tree
):
    page = login(town_admin).get("/accounts/users/new/").content.decode()

    assert offered(page, "role") == [
        ("town_admin", "乡镇管理员（仅限下级区划）"),
        ("village_secretary", "村（社区）书记"),
        ("team_leader", "队长"),
        ("volunteer", "志愿者"),
    ]
    assert [label for _value, label in offered(page, "region")] == [
        "东岳观镇",
        "东岳观村",
        "双岗村",
    ]


def test_the_form_offers_a_county_admin_the_county_and_its_towns_and_villages(login, tree):
    county_admin = user_with_role(Role.TOWN_ADMIN, tree["county"], username="county_admin")

    page = login(county_admin).get("/accounts/users/new/").content.decode()

    assert [value for value, _label in offered(page, "role")] == [
        "town_admin",
        "village_secretary",
        "team_leader",
        "volunteer",
    ]
    assert offered(page, "role")[0] == ("town_admin", "乡镇管理员（仅限下级区划）")
    assert [label for _value, label in offered(page, "region")] == [
        "慈利县",
        "东岳观镇",
        "东岳观村",
        "双岗村",
        "通津铺镇",
        "通津铺村",
    ]


def test_the_form_offers_a_superuser_every_role_everywhere(login, tree):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    root.save()

    page = login(root).get("/accounts/users/new/").content.decode()

    assert offered(page, "role") == [
        ("county_viewer", "县级查看"),
        ("town_admin", "乡镇管理员"),
        ("village_secretary", "村（社区）书记"),
        ("team_leader", "队长"),
        ("volunteer", "志愿者"),
    ]
    assert [label for _value, label in offered(page, "region")][:4] == [
        "湖南省",
        "张家界市",
        "慈利县",
        "东岳观镇",
    ]
    assert len(offered(page, "region")) == 8


def test_a_town_admin_creates_a_secretary_who_must_change_the_password_at_first_login(
    client, login, town_admin, tree
):
    response = login(town_admin).post(
        "/accounts/users/new/",
        {
            "username": "lisi",
            "full_name": "李四",
            "role": "village_secretary",
            "region": tree["village_a"].pk,
        },
    )

    assert response.status_code == 200
    password = one_time_password(response)
    assert re.fullmatch(r"[a-zA-Z2-9]{4}(-[a-zA-Z2-9]{4}){2}", password)
    account = User.objects.get(username="lisi")
    assert account.first_name == "李四"
    assert account.check_password(password)
    assert password not in account.password
    assert list(account.role_assignments.values_list("role", "region__name")) == [
        ("village_secretary", "东岳观村")
    ]
    assert AccountSecurity.objects.get(user=account).must_change_password is True
    logged = ActionLog.objects.filter(user=town_admin).exclude(action_type="login.succeeded")
    logged = logged.order_by("id")
    assert [(r.action_type, r.region_path) for r in logged] == [
        ("account.created", "430821104201"),
        ("role.granted", "430821104201"),
        ("account.password_set_by_other", "430821104201"),
    ]
    assert logged[1].data == {
        "username": "lisi",
        "role": "village_secretary",
        "role_label": "村（社区）书记",
        "region": "430821104201",
        "region_name": "东岳观村",
    }
    assert all(password not in str(r.data) for r in ActionLog.objects.all())

    client.logout()
    client.post("/accounts/login/", {"username": "lisi", "password": password})
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"] == "/accounts/password/?next=%2F"


def test_the_password_is_not_shown_again(login, town_admin, tree):
    client = login(town_admin)
    response = client.post(
        "/accounts/users/new/",
        {"username": "lisi", "full_name": "李四", "role": "volunteer", "region": tree["town"].pk},
    )
    password = one_time_password(response)
    account = User.objects.get(username="lisi")

    detail = client.get(f"/accounts/users/{account.pk}/")

    assert detail.status_code == 200
    assert "一次性密码，待本人修改" in detail.content.decode()
    assert password not in detail.content.decode()
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_a_crafted_post_for_a_role_above_the_town_admin_is_a_form_error(login, town_admin, tree):
    response = login(town_admin).post(
        "/accounts/users/new/",
        {
            "username": "spy",
            "full_name": "间谍",
            "role": "county_viewer",
            "region": tree["town"].pk,
        },
    )

    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not User.objects.filter(username="spy").exists()
    assert not ActionLog.objects.filter(action_type="account.created").exists()


def test_a_town_admin_picking_their_own_role_for_their_own_town_gets_a_form_error(
    login, town_admin, tree
):
    response = login(town_admin).post(
        "/accounts/users/new/",
        {
            "username": "deputy",
            "full_name": "副镇长",
            "role": "town_admin",
            "region": tree["town"].pk,
        },
    )

    assert response.status_code == 200
    assert (
        "不能在“东岳观镇”分配“乡镇管理员”：只能分配低于自己的角色，"
        "或在下级区划分配与自己同级的角色。"
    ) in response.content.decode()
    assert offered(response.content.decode(), "role")[0] == (
        "town_admin",
        "乡镇管理员（仅限下级区划）",
    )
    assert not User.objects.filter(username="deputy").exists()
    assert not ActionLog.objects.filter(action_type="account.created").exists()


def test_a_town_admin_may_give_their_own_role_in_a_village_of_the_town(login, town_admin, tree):
    response = login(town_admin).post(
        "/accounts/users/new/",
        {
            "username": "village_admin",
            "full_name": "村管理员",
            "role": "town_admin",
            "region": tree["village_b"].pk,
        },
    )

    assert response.status_code == 200
    account = User.objects.get(username="village_admin")
    assert list(account.role_assignments.values_list("role", "region__name")) == [
        ("town_admin", "双岗村")
    ]


def test_a_crafted_post_for_a_region_of_another_town_creates_nothing(login, town_admin, tree):
    response = login(town_admin).post(
        "/accounts/users/new/",
        {
            "username": "spy",
            "full_name": "间谍",
            "role": "volunteer",
            "region": tree["other_village"].pk,
        },
    )

    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not User.objects.filter(username="spy").exists()


def test_a_taken_username_is_a_form_error(login, town_admin, secretary_a, tree):
    response = login(town_admin).post(
        "/accounts/users/new/",
        {
            "username": "SECRETARY_A",
            "full_name": "重名",
            "role": "volunteer",
            "region": tree["village_a"].pk,
        },
    )

    assert response.status_code == 200
    assert "用户名已被使用" in response.content.decode()
    assert RoleAssignment.objects.filter(user__username__iexact="secretary_a").count() == 1


def test_a_village_secretary_may_not_create_accounts(login, secretary_a, tree):
    client = login(secretary_a)
    assert client.get("/accounts/users/new/").status_code == 403
    response = client.post(
        "/accounts/users/new/",
        {"username": "x1", "full_name": "某", "role": "volunteer", "region": tree["village_a"].pk},
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="x1").exists()


def test_a_superuser_grants_any_role_anywhere(login, tree):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    root.save()
    response = login(root).post(
        "/accounts/users/new/",
        {"username": "viewer", "full_name": "县里", "role": "county_viewer", "region": tree["county"].pk},
    )  # fmt: skip

    assert response.status_code == 200
    assert list(
        User.objects.get(username="viewer").role_assignments.values_list("role", "region__name")
    ) == [("county_viewer", "慈利县")]
