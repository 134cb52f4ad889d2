"""On a phone (390 px): from the campaign page's coverage card to the town's coverage page,
then down to a village and its 组; the figures are the engine's and nothing is wider than
the screen. Screenshots are left in /tmp/e2e-coverage-*.png."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Browser, expect

from sanwei.accounts.models import Role
from sanwei.activities.models import ActivityType, AttendanceRole, Pillar
from sanwei.regions.models import RegionLevel

from ..factories import (
    ActivityFactory,
    AttendanceFactory,
    CampaignFactory,
    HouseholdFactory,
    PersonFactory,
    RegionFactory,
    build_town_tree,
    user_with_role,
)
from .test_browser import PASSWORD, _log_in, browser  # noqa: F401  (the module's browser)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def town(settings) -> dict:
    """Village A: 1组 with two households (one reached), 2组 with one (not); village B: one
    resident, not reached. Target 80% of persons."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with scopes_disabled():
        tree = build_town_tree()
        admin = user_with_role(Role.TOWN_ADMIN, tree["town"], username="zhen_admin")
        admin.set_password(PASSWORD)
        admin.save()
        lecture, _ = ActivityType.objects.get_or_create(
            code="mobile_lecture", defaults={"name": "流动宣讲", "pillar": Pillar.CLASSROOM}
        )
        a = tree["village_a"]
        g1 = RegionFactory(code="430821104201001", name="1组", level=RegionLevel.GROUP, parent=a)
        g2 = RegionFactory(code="430821104201002", name="2组", level=RegionLevel.GROUP, parent=a)
        campaign = CampaignFactory(region=tree["town"], target_person_coverage=80)
        h1, h2, h3 = (HouseholdFactory(region=g) for g in (g1, g1, g2))
        reached = PersonFactory(name="张秀英", region=g1, household=h1)
        PersonFactory(name="李建国", region=g1, household=h2)
        PersonFactory(name="王桂兰", region=g2, household=h3)
        PersonFactory(name="赵德明", region=tree["village_b"])
        talk = ActivityFactory(
            campaign=campaign,
            activity_type=lecture,
            region=g1,
            starts_at=dt.datetime(2022, 11, 20, 19, 0, tzinfo=dt.UTC),
        )
        AttendanceFactory(activity=talk, person=reached, role=AttendanceRole.AUDIENCE)
    return {"campaign": campaign}


def test_coverage_from_the_campaign_page_down_to_the_groups_on_a_phone(
    live_server,
    browser: Browser,  # noqa: F811
    town: dict,
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
        page.goto(f"{live_server.url}/activities/campaigns/{town['campaign'].pk}/")
        card = page.locator("#campaign-coverage")
        expect(card).to_contain_text("1 / 4 人")
        expect(card).to_contain_text("25.0%")
        expect(card).to_contain_text("目标 80%")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path="/tmp/e2e-coverage-campaign.png", full_page=True)

        card.get_by_role("link", name="查看各村（组）覆盖情况").click()
        expect(page.get_by_role("heading", name="东岳观镇 覆盖情况")).to_be_visible()
        rows = page.locator("#children tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.nth(0)).to_contain_text("1/3 · 33.3%")
        expect(rows.nth(0)).to_contain_text("落后于目标")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path="/tmp/e2e-coverage-town.png", full_page=True)

        rows.nth(0).get_by_role("link", name="东岳观村").click()
        expect(page.get_by_role("heading", name="东岳观村 覆盖情况")).to_be_visible()
        expect(page.locator("#children tbody tr")).to_have_count(2)
        expect(page.locator('#children tr[data-code="430821104201001"]')).to_contain_text(
            "1/2 · 50.0%"
        )
        expect(page.locator('#children tr[data-code="430821104201002"]')).to_contain_text(
            "0/1 · 0.0%"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path="/tmp/e2e-coverage-village.png", full_page=True)
    finally:
        context.close()
