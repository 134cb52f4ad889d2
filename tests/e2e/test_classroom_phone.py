"""End to end at a phone's viewport (390×844): a team leader records a mobile lecture with
two named listeners in one short form, and a resident opens a material's share page."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import Browser, expect, sync_playwright

from sanwei.accounts.models import Role
from sanwei.activities.models import Activity, ActivityType, Pillar
from sanwei.classroom.models import Material

from ..factories import (
    CampaignFactory,
    MaterialFactory,
    PersonFactory,
    TeamFactory,
    build_town_tree,
    user_with_role,
)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
PASSWORD = "e2e-Passw0rd!"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
}

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: apt-get install -y chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def village(settings) -> dict:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with scopes_disabled():
        tree = build_town_tree()
        leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="dui_zhang")
        leader.set_password(PASSWORD)
        leader.save()
        ActivityType.objects.get_or_create(
            code="mobile_lecture", defaults={"name": "流动宣讲", "pillar": Pillar.CLASSROOM}
        )
        today = timezone.localdate()
        CampaignFactory(
            region=tree["town"],
            starts_on=today - dt.timedelta(days=30),
            ends_on=today + dt.timedelta(days=365),
        )
        team = TeamFactory(region=tree["village_a"], name="东岳观村宣讲队")
        for name in ("张秀英", "李建国", "王桂兰"):
            PersonFactory(region=tree["village_a"], name=name)
        material = MaterialFactory(region=tree["town"], title="二十大精神十条要点")
    return {"tree": tree, "team": team, "material": material}


def test_a_mobile_lecture_is_recorded_on_a_phone(live_server, browser: Browser, village):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名").fill("dui_zhang")
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        started = time.monotonic()
        page.goto(f"{live_server.url}/classroom/lectures/new/")
        expect(page.get_by_role("heading", name="登记流动宣讲")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.get_by_label("宣讲主题").fill("乡村振兴")
        page.get_by_label("地点").fill("3组晒谷坪")
        page.get_by_label("现场人数").fill("30")
        page.locator("label.resident", has_text="张秀英").locator("input").check()
        page.get_by_label("查找").fill("李建国")
        expect(page.locator("label.resident", has_text="李建国")).to_be_visible()
        expect(page.locator("label.resident", has_text="王桂兰")).to_be_hidden()
        # The one ticked before the search stays ticked.
        expect(page.locator("label.resident", has_text="张秀英").locator("input")).to_be_checked()
        page.locator("label.resident", has_text="李建国").locator("input").check()
        page.screenshot(path="/tmp/e2e-phone-lecture-form.png", full_page=True)
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_role("heading", name="“乡村振兴”流动宣讲")).to_be_visible()
        assert time.monotonic() - started < 60
        expect(page.locator("#attendance-table")).to_contain_text("张秀英")
        expect(page.locator("#attendance-table")).to_contain_text("李建国")
        expect(page.locator("#count-audience")).to_have_text("32")
    finally:
        context.close()

    with scopes_disabled():
        activity = Activity.unscoped.get()
        assert activity.organising_team == village["team"]
        assert sorted(activity.attendances.values_list("person__name", flat=True)) == [
            "张秀英",
            "李建国",
        ]


def test_a_resident_opens_a_shared_material_on_a_phone(live_server, browser: Browser, village):
    code = village["material"].code
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/m/{code}")
        expect(page.get_by_role("heading", name="二十大精神十条要点")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path="/tmp/e2e-phone-share.png", full_page=True)
    finally:
        context.close()
    with scopes_disabled():
        assert Material.unscoped.get().view_count == 1
