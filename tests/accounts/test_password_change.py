"""Every account changes its own password on a page; an account whose password someone
else set (a superuser in the admin) is sent there until it has changed it."""

import pytest
from django.contrib.auth import get_user_model

from sanwei.accounts.models import AccountSecurity
from sanwei.accounts.permissions import SYSTEM
from sanwei.accounts.services import password_set_by_other
from sanwei.core.errors import NotPermitted
from sanwei.core.models import ActionLog

from ..factories import UserFactory

CHANGE = "/accounts/password/"


def change(client, old="pass-1234", new="Shuang-gang-village-9"):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


def test_a_user_changes_their_password(login, secretary_a):
    client = login(secretary_a)
    page = client.get(CHANGE)
    assert page.status_code == 200
    assert "修改密码" in page.content.decode()

    response = change(client)

    assert response.status_code == 302
    secretary_a.refresh_from_db()
    assert secretary_a.check_password("Shuang-gang-village-9")
    assert client.get("/").status_code == 200  # still logged in
    assert ActionLog.objects.filter(action_type="password.changed", user=secretary_a).count() == 1


def test_a_wrong_old_password_or_a_weak_new_one_is_refused_in_chinese(login, secretary_a):
    client = login(secretary_a)
    wrong_old = change(client, old="not-my-password")
    assert wrong_old.status_code == 200
    assert "你的旧密码不正确" in wrong_old.content.decode()
    weak = change(client, new="12345678")
    assert "密码太短，至少需要 10 个字符。" in weak.content.decode()
    assert "密码只包含数字。" in weak.content.decode()
    secretary_a.refresh_from_db()
    assert secretary_a.check_password("pass-1234")


def test_only_a_superuser_the_system_or_the_accounts_manager_marks_a_password_as_set_by_someone_else(
    secretary_a, secretary_b
):
    with pytest.raises(NotPermitted):
        password_set_by_other(secretary_a, user=secretary_b)
    with pytest.raises(NotPermitted):
        password_set_by_other(secretary_a, user=None)
    assert not AccountSecurity.objects.filter(user=secretary_a).exists()
    assert not ActionLog.objects.filter(action_type="account.password_set_by_other").exists()


def test_an_account_whose_password_someone_else_set_must_change_it_first(login, secretary_a):
    password_set_by_other(secretary_a, user=SYSTEM)
    client = login(secretary_a)

    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"] == "/accounts/password/?next=%2F"
    people = client.get("/people/")
    assert people["Location"] == "/accounts/password/?next=%2Fpeople%2F"
    api = client.get("/api/v1/people/")
    assert api.status_code == 403
    assert api.json()["code"] == "login_incomplete"
    page = client.get(CHANGE)
    assert "您的密码由他人设置" in page.content.decode()

    change(client)

    assert client.get("/").status_code == 200
    assert client.get("/accounts/password/").content.decode().count("您的密码由他人设置") == 0


def test_a_superuser_creating_an_account_in_the_admin_makes_it_change_its_password(client, db):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    admin.save()  # the factory's password, as the session's hash reads it
    client.force_login(admin)
    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "new_secretary",
            "password1": "Set-by-admin-2026",
            "password2": "Set-by-admin-2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = get_user_model().objects.get(username="new_secretary")
    assert created.security.must_change_password is True
    record = ActionLog.objects.get(action_type="account.password_set_by_other")
    assert (record.user, record.content_object) == (admin, created)

    client.logout()
    login = client.post(
        "/accounts/login/", {"username": "new_secretary", "password": "Set-by-admin-2026"}
    )
    assert login["Location"] == "/"
    assert client.get("/")["Location"].startswith("/accounts/password/")
