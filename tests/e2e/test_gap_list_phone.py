"""End to end at a phone's viewport (390×844): a village secretary opens the gap list of
the town's campaign, sees the unreached hardest first with their reasons and masked
phones, switches to the households tab, and nothing is wider than the screen."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from playwright.sync_api import Browser, expect, sync_playwright

from sanwei.accounts.models import Role

from ..factories import (
    CampaignFactory,
    HouseholdFactory,
    PersonFactory,
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
        secretary = user_with_role(Role.VILLAGE_SECRETARY, tree["village_a"], username="shuji")
        secretary.set_password(PASSWORD)
        secretary.save()
        campaign = CampaignFactory(region=tree["town"], name="学习宣传贯彻党的二十大精神")
        home = HouseholdFactory(region=tree["village_a"])
        PersonFactory(
            name="张秀英", region=tree["village_a"], household=home, relation_to_head="head",
            birth_date=dt.date(1940, 3, 1), is_migrant=True, migrant_destination="广东东莞",
            phone="13812345678",
        )  # fmt: skip
        PersonFactory(name="李建国", region=tree["village_a"], is_frail=True)
        PersonFactory(name="王小明", region=tree["village_b"])  # another village
    return {"secretary": secretary, "campaign": campaign}


def test_gap_list_on_a_phone(browser: Browser, live_server, village):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("shuji")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()

    page.goto(live_server.url + reverse("coverage:gaps", args=[village["campaign"].pk]))

    expect(page.get_by_role("heading", name="未覆盖名单")).to_be_visible()
    names = page.locator('td[data-label="姓名"] a')
    expect(names).to_have_text(["张秀英", "李建国"])  # hardest first; not 王小明
    expect(page.get_by_text("外出流动：广东东莞")).to_be_visible()
    expect(page.get_by_text("138****5678")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="/tmp/e2e-gap-list-phone.png", full_page=True)

    page.get_by_role("link", name="未覆盖户").click()
    expect(page.locator('td[data-label="户主"] a')).to_have_text(["张秀英"])
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
