"""End to end: a real Chromium (Debian's) drives the site served by `live_server`.

A town admin logs in through the login page, creates an activity through the form and
records a resident's attendance (htmx search, then 登记), and the count on the page goes
up; then the same at a phone's viewport, through the navigation toggle. Screenshots are
left in /tmp/e2e-*.png for a person to look at.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Browser, Page, expect, sync_playwright

from sanwei.accounts.models import Role
from sanwei.activities.models import Activity, ActivityType, Campaign, Pillar

from ..factories import CampaignFactory, PersonFactory, build_town_tree, user_with_role

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
# in a thread with a running loop unless told it is safe (the test thread only sets up).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "e2e-Passw0rd!"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: apt-get install -y chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def town(settings) -> dict:
    """A town with two villages, a town admin with a password, a campaign and residents."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with scopes_disabled():
        tree = build_town_tree()
        admin = user_with_role(Role.TOWN_ADMIN, tree["town"], username="zhen_admin")
        admin.first_name = "王镇长"
        admin.set_password(PASSWORD)
        admin.save()
        # Transactional tests start from empty tables: make sure the type exists.
        lecture, _ = ActivityType.objects.get_or_create(
            code="mobile_lecture", defaults={"name": "流动宣讲", "pillar": Pillar.CLASSROOM}
        )
        campaign = CampaignFactory(region=tree["town"], name="学习宣传贯彻党的二十大精神")
        person = PersonFactory(region=tree["village_a"], name="张秀英", phone="13812345678")
        PersonFactory(region=tree["village_a"], name="李建国", phone="13987654321")
    return {
        "tree": tree,
        "admin": admin,
        "lecture": lecture,
        "campaign": campaign,
        "person": person,
    }


def _log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


def _create_activity(page: Page, town: dict, title: str, main_venue: str = "") -> None:
    page.get_by_label("活动名称").fill(title)
    page.get_by_label("活动类型").select_option(str(town["lecture"].pk))
    page.get_by_label("专题").select_option(str(town["campaign"].pk))
    page.get_by_label("区划").select_option(str(town["tree"]["village_a"].pk))
    if main_venue:  # the main venue is searched for and tapped, not chosen from a list
        page.get_by_label("主会场").fill(main_venue[:4])
        page.locator(".picker-option", has_text=main_venue).click()
        expect(page.get_by_label("主会场")).to_have_value(re.compile(f"^{main_venue}（"))
    page.get_by_label("开始时间").fill("2024-03-10T19:30")
    page.get_by_label("结束时间").fill("2024-03-10T21:00")
    page.get_by_label("地点").fill("东岳观村党群服务中心")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("已新建活动")


def _add_sub_venue(page: Page, town: dict, main_title: str, title: str) -> None:
    """From the main venue's page: a sub-venue whose main venue is picked by searching."""
    page.get_by_role("link", name="新增分会场").click()
    _create_activity(page, town, title, main_venue=main_title)
    expect(page.get_by_role("link", name=main_title, exact=True)).to_be_visible()
    page.get_by_role("link", name=main_title, exact=True).click()
    expect(page.get_by_role("heading", name=main_title)).to_be_visible()


def _record_attendance(page: Page, query: str, name: str, role_label: str) -> None:
    page.get_by_label("查找群众").fill(query)
    result = page.locator(".person-results li", has_text=name)
    expect(result).to_be_visible()
    result.get_by_label("身份").select_option(label=role_label)
    result.get_by_role("button", name="登记").click()
    expect(page.locator("#attendance-section")).to_contain_text(f"已登记：{name}")
    expect(page.locator("#attendance-table")).to_contain_text(name)


def test_town_admin_creates_an_activity_and_records_attendance(
    live_server, browser: Browser, town: dict
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        _log_in(page, live_server.url, "zhen_admin")
        page.locator(".mainnav").get_by_role("link", name="微课堂").click()
        expect(page.get_by_role("heading", name="微课堂 · 活动")).to_be_visible()
        page.get_by_role("link", name="新建活动").click()
        page.screenshot(path="/tmp/e2e-desktop-form.png", full_page=True)

        _create_activity(page, town, "流动宣讲进院坝")
        expect(page.locator("#count-person-times")).to_have_text("0")

        _record_attendance(page, "zhangxiu", "张秀英", "受众")
        expect(page.locator("#count-person-times")).to_have_text("1")
        expect(page.locator("#count-audience")).to_have_text("1")

        # The unregistered audience counts too (受众人次 = registered + headcount).
        page.get_by_label("未登记姓名的受众人数").fill("25")
        page.get_by_role("button", name="更新人数").click()
        expect(page.locator("#count-audience")).to_have_text("26")
        page.screenshot(path="/tmp/e2e-desktop-detail.png", full_page=True)

        _add_sub_venue(page, town, "流动宣讲进院坝", "流动宣讲进院坝（双岗分会场）")

        page.get_by_role("link", name="学习宣传贯彻党的二十大精神").click()
        expect(page.locator("#campaign-activity-count")).to_have_text("2")
        expect(page.locator("#campaign-person-times")).to_have_text("26")
        page.screenshot(path="/tmp/e2e-desktop-campaign.png", full_page=True)
    finally:
        context.close()

    with scopes_disabled():
        activity = Activity.unscoped.get(title="流动宣讲进院坝")
        assert activity.created_by == town["admin"]
        assert activity.audience_headcount == 25
        assert list(activity.attendances.values_list("person__name", "role")) == [
            ("张秀英", "audience")
        ]
        assert Campaign.unscoped.count() == 1
        sub = Activity.unscoped.get(title="流动宣讲进院坝（双岗分会场）")
        assert sub.main_session == activity


def test_phone_viewport_navigation_and_attendance(
    live_server, browser: Browser, town: dict
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    page = context.new_page()
    try:
        _log_in(page, live_server.url, "zhen_admin")
        nav_link = page.locator(".mainnav").get_by_role("link", name="微课堂")
        expect(nav_link).to_be_hidden()
        page.locator("label.nav-toggle-label").click()
        expect(nav_link).to_be_visible()
        page.screenshot(path="/tmp/e2e-phone-menu.png")
        nav_link.click()
        expect(page.get_by_role("heading", name="微课堂 · 活动")).to_be_visible()
        expect(page.locator(".mainnav")).to_be_hidden()  # closed again on the new page

        page.get_by_role("link", name="新建活动").click()
        # The form fits the phone: nothing wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path="/tmp/e2e-phone-form.png", full_page=True)
        _create_activity(page, town, "手机上建的流动宣讲")

        _record_attendance(page, "5678", "张秀英", "志愿者")
        expect(page.locator("#count-person-times")).to_have_text("1")
        expect(page.locator("#count-volunteer")).to_have_text("1")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path="/tmp/e2e-phone-detail.png", full_page=True)

        _add_sub_venue(page, town, "手机上建的流动宣讲", "手机上建的分会场")

        page.goto(f"{live_server.url}/activities/?pillar=classroom")
        expect(page.get_by_role("link", name="手机上建的流动宣讲")).to_be_visible()
        page.screenshot(path="/tmp/e2e-phone-list.png", full_page=True)
    finally:
        context.close()
