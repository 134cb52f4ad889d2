"""End to end on a phone (Debian's Chromium): a town admin's first login with two-factor
login required — the set-up page draws the QR code, the admin types the code of an
authenticator (computed here from the key shown), lands on 工作台; the next login asks for
the code. No page along the way breaks the Content-Security-Policy (Chromium reports every
refused inline script or eval on the console). Screenshot: /tmp/e2e-two-factor-setup.png."""

from __future__ import annotations

from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from sanwei.accounts.models import Role

from ..factories import build_town_tree, user_with_role
from .conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def town_admin(settings):
    settings.SANWEI_OTP_REQUIRED = True
    with scopes_disabled():
        tree = build_town_tree()
        user = user_with_role(Role.TOWN_ADMIN, tree["town"], username="zhenguanli")
        user.set_password(PASSWORD)
        user.save()
    return user


def code_for(key: str, *, drift: int = 0) -> str:
    return f"{totp(b32decode(key), drift=drift):06d}"


def test_a_town_admin_sets_up_two_factor_and_logs_in_with_a_code_on_a_phone(
    phone, live_server, town_admin
):
    violations = []
    phone.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    base = live_server.url
    phone.goto(f"{base}/accounts/login/")
    phone.get_by_label("用户名").fill("zhenguanli")
    phone.get_by_label("密码").fill(PASSWORD)
    phone.get_by_role("button", name="登录").click()

    expect(phone.get_by_role("heading", name="设置两步验证")).to_be_visible()
    expect(phone.locator("figure.qr svg")).to_be_visible()
    phone.screenshot(path="/tmp/e2e-two-factor-setup.png", full_page=True)
    key = phone.locator("code").inner_text()
    phone.get_by_label("验证码").fill(code_for(key))
    phone.get_by_role("button", name="完成设置").click()
    expect(phone.get_by_role("heading", name="工作台")).to_be_visible()

    phone.locator("label.nav-toggle-label").click()
    phone.get_by_role("button", name="退出").click()
    phone.get_by_label("用户名").fill("zhenguanli")
    phone.get_by_label("密码").fill(PASSWORD)
    phone.get_by_role("button", name="登录").click()
    expect(phone.get_by_role("heading", name="输入验证码")).to_be_visible()
    phone.get_by_label("验证码").fill(code_for(key, drift=1))  # the next 30 s window: unused
    phone.get_by_role("button", name="验证").click()
    expect(phone.get_by_role("heading", name="工作台")).to_be_visible()

    phone.goto(f"{base}/activities/")
    phone.goto(f"{base}/people/")
    assert violations == []
