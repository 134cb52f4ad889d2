"""Repeated wrong passwords lock the username at that address (django-axes): the right
password is then refused too, with a Chinese page and 429. Logins, failures, the lockout
and logouts are in the action log with the address and the way (session)."""

import pytest

from sanwei.core.models import ActionLog

from ..factories import user_with_role

LOGIN = "/accounts/login/"


@pytest.fixture
def secretary(tree):
    from sanwei.accounts.models import Role

    return user_with_role(Role.VILLAGE_SECRETARY, tree["village_a"], username="secretary")


def attempt(client, password, *, username="secretary", address="10.0.0.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_at_that_address(client, secretary, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = attempt(client, "wrong-password")
        assert response.status_code == 200
        assert "用户名或密码不正确" in response.content.decode()

    fifth = attempt(client, "wrong-password")
    assert fifth.status_code == 429
    assert "登录已暂时锁定" in fifth.content.decode()

    right_password_while_locked = attempt(client, "pass-1234")
    assert right_password_while_locked.status_code == 429
    assert "连续 5 次密码错误" in right_password_while_locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_username_and_address(client, secretary):
    for _ in range(5):
        attempt(client, "wrong-password", address="10.0.0.7")
    assert attempt(client, "pass-1234", address="10.0.0.7").status_code == 429

    from_another_address = attempt(client, "pass-1234", address="10.0.0.8")
    assert from_another_address.status_code == 302
    assert from_another_address["Location"] == "/"


def test_fewer_failures_then_the_right_password_logs_in(client, secretary):
    for _ in range(4):
        attempt(client, "wrong-password")
    response = attempt(client, "pass-1234")
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == secretary.pk


def test_failures_lockout_login_and_logout_are_in_the_action_log(client, secretary, tree):
    attempt(client, "wrong-password")
    attempt(client, "wrong-password", username="nobody")
    attempt(client, "pass-1234")
    client.post("/accounts/logout/", REMOTE_ADDR="10.0.0.7")

    records = list(ActionLog.objects.order_by("id"))
    assert [r.action_type for r in records] == [
        "login.failed",
        "login.failed",
        "login.succeeded",
        "logout",
    ]
    failed_known, failed_unknown, succeeded, logout = records
    assert failed_known.content_object == secretary
    assert failed_known.user is None
    assert failed_known.data == {"username": "secretary", "locked": False}
    assert failed_known.region_path == tree["village_a"].path
    assert failed_unknown.content_type is None and failed_unknown.object_id is None
    assert failed_unknown.data == {"username": "nobody", "locked": False}
    assert succeeded.user == secretary
    assert succeeded.data == {"username": "secretary", "otp": False}
    assert logout.user == secretary
    assert {(r.ip_address, r.via) for r in records} == {("10.0.0.7", "session")}


def test_the_lockout_is_in_the_action_log(client, secretary):
    for _ in range(6):
        attempt(client, "wrong-password")

    actions = list(ActionLog.objects.order_by("id").values_list("action_type", flat=True))
    assert actions.count("login.failed") == 6
    assert actions.count("login.locked") >= 1
    locked = ActionLog.objects.filter(action_type="login.locked").first()
    assert locked.content_object == secretary
    assert locked.ip_address == "10.0.0.7"


def test_writes_record_whether_a_token_or_a_session_was_used(client, town_admin, tree):
    from sanwei.accounts.tokens import create_token

    token = create_token(town_admin, "tool")
    by_token = client.post(
        "/api/v1/teams/",
        {"name": "宣讲队", "kind": "lecture", "region": tree["village_a"].code},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        REMOTE_ADDR="192.0.2.1",
    )
    assert by_token.status_code == 201
    client.force_login(town_admin)
    by_session = client.post(
        "/api/v1/teams/",
        {"name": "志愿小队", "kind": "lecture", "region": tree["village_a"].code},
        content_type="application/json",
        REMOTE_ADDR="192.0.2.2",
    )
    assert by_session.status_code == 201

    created = ActionLog.objects.filter(action_type__endswith="created").order_by("id")
    assert [(r.user, r.ip_address, r.via) for r in created] == [
        (town_admin, "192.0.2.1", "token"),
        (town_admin, "192.0.2.2", "session"),
    ]


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client, secretary):
    for _ in range(5):
        client.post(
            LOGIN,
            {"username": "secretary", "password": "wrong-password"},
            REMOTE_ADDR="127.0.0.1",  # nginx
            HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9",  # the client sent 1.2.3.4 itself
        )
    assert set(
        ActionLog.objects.filter(action_type="login.failed").values_list("ip_address", flat=True)
    ) == {"203.0.113.9"}
    another_client_through_the_proxy = client.post(
        LOGIN,
        {"username": "secretary", "password": "pass-1234"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert another_client_through_the_proxy.status_code == 302
