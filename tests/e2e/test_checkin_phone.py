"""End to end on a phone (390×844, Debian's Chromium): a resident opens an activity's
check-in link, types a malformed number (form error), then name and mobile number, taps
签到 and sees the confirmation; the attendance is there, once. Screenshots are left in
/tmp/e2e-checkin-*.png."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django_scopes import scopes_disabled
from playwright.sync_api import Browser, expect, sync_playwright

from sanwei.activities.models import Attendance
from sanwei.checkin.services import checkin_token

from ..factories import ActivityFactory, CampaignFactory, PersonFactory, build_town_tree
from .test_browser import CHROMIUM, CHROMIUM_ARGS

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="module")
def phone_browser() -> Iterator[Browser]:
    assert os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: apt-get install -y chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def lecture():
    cache.clear()  # the check-in rate limit counts per address
    with scopes_disabled():
        tree = build_town_tree()
        campaign = CampaignFactory(region=tree["town"])
        activity = ActivityFactory(
            campaign=campaign,
            region=tree["village_a"],
            title="党的二十大精神进院坝",
            place="东岳观村党群服务中心",
        )
        person = PersonFactory(region=tree["village_a"], name="张秀英", phone="13812345678")
    return activity, person


def test_a_resident_checks_in_on_a_phone(live_server, phone_browser: Browser, lecture) -> None:
    activity, person = lecture
    context = phone_browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/c/{checkin_token(activity)}")
        expect(page.get_by_role("heading", name="党的二十大精神进院坝")).to_be_visible()
        expect(page.get_by_text("东岳观村党群服务中心")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path="/tmp/e2e-checkin-form.png", full_page=True)

        page.get_by_label("姓名").fill("张秀英")
        page.get_by_label("手机号码").fill("1381234567")
        page.get_by_role("button", name="签到").click()
        expect(page.get_by_text("请填写11位手机号码（以1开头）")).to_be_visible()

        page.get_by_label("手机号码").fill("138 1234 5678")
        page.get_by_role("button", name="签到").click()
        expect(page.get_by_role("heading", name="✓ 签到成功")).to_be_visible()
        expect(page.get_by_text("党的二十大精神进院坝")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path="/tmp/e2e-checkin-done.png", full_page=True)

        page.go_back()
        page.get_by_label("姓名").fill("张秀英")
        page.get_by_label("手机号码").fill("13812345678")
        page.get_by_role("button", name="签到").click()
        expect(page.get_by_role("heading", name="✓ 您已签到")).to_be_visible()
    finally:
        context.close()

    with scopes_disabled():
        assert list(
            Attendance.unscoped.filter(activity=activity).values_list(
                "person", "role", "recorded_via"
            )
        ) == [(person.pk, "audience", "qr")]
