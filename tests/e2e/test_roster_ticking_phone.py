"""End to end at a phone's viewport (390×844): a village secretary opens an activity,
taps 按花名册登记, narrows the roster by 组 (htmx), ticks five people, submits once and
sees five recorded; the database holds five audience attendances."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Browser, expect

from sanwei.accounts.models import Role
from sanwei.activities.models import Attendance
from sanwei.regions.models import RegionLevel

from ..factories import (
    ActivityFactory,
    CampaignFactory,
    PersonFactory,
    RegionFactory,
    build_town_tree,
    default_activity_type,
    user_with_role,
)
from .test_browser import PASSWORD, _log_in, browser  # noqa: F401  (the browser fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

GROUP1 = ["张秀英", "李建国", "王桂兰", "赵德明", "刘春花", "陈志强"]
GROUP2 = ["杨小红", "黄大伟"]


@pytest.fixture
def village(settings) -> dict:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with scopes_disabled():
        tree = build_town_tree()
        secretary = user_with_role(Role.VILLAGE_SECRETARY, tree["village_a"], username="cun_shuji")
        secretary.set_password(PASSWORD)
        secretary.save()
        group1 = RegionFactory(
            code="430821104201001", name="一组", level=RegionLevel.GROUP, parent=tree["village_a"]
        )
        group2 = RegionFactory(
            code="430821104201002", name="二组", level=RegionLevel.GROUP, parent=tree["village_a"]
        )
        for i, name in enumerate(GROUP1):
            PersonFactory(region=group1, name=name, phone=f"1380000{i:04d}")
        for name in GROUP2:
            PersonFactory(region=group2, name=name)
        activity = ActivityFactory(
            region=tree["village_a"],
            campaign=CampaignFactory(region=tree["town"]),
            activity_type=default_activity_type("mobile_lecture"),
            title="院坝微课堂：党的二十大精神",
        )
    return {"activity": activity}


def test_a_secretary_ticks_five_people_from_the_roster_on_a_phone(
    live_server,
    browser: Browser,  # noqa: F811
    village: dict,
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    page = context.new_page()
    activity = village["activity"]
    try:
        _log_in(page, live_server.url, "cun_shuji")
        page.goto(f"{live_server.url}/activities/{activity.pk}/")
        page.get_by_role("link", name="按花名册登记").click()
        expect(page.get_by_role("heading", name="按花名册登记")).to_be_visible()
        expect(page.locator("#roster-total")).to_have_text("共 8 人")

        page.get_by_role("combobox", name="组").select_option(label="一组")  # htmx: no reload
        expect(page.locator("#roster-total")).to_have_text("共 6 人")
        expect(page.locator(".roster-row", has_text="杨小红")).to_have_count(0)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

        for name in GROUP1[:5]:
            page.get_by_role("checkbox", name=name).check()
        page.screenshot(path="/tmp/e2e-phone-roster-ticked.png", full_page=True)
        page.get_by_role("button", name="登记勾选的群众").click()

        expect(page.locator("#roster-notice")).to_have_text("已登记 5 人")
        for name in GROUP1[:5]:
            expect(page.get_by_role("checkbox", name=name)).to_be_disabled()
            expect(page.get_by_role("checkbox", name=name)).to_be_checked()
        expect(page.get_by_role("checkbox", name=GROUP1[5])).to_be_enabled()
        page.screenshot(path="/tmp/e2e-phone-roster-recorded.png", full_page=True)
    finally:
        context.close()

    with scopes_disabled():
        recorded = Attendance.unscoped.filter(activity=activity)
        assert sorted(recorded.values_list("person__name", flat=True)) == sorted(GROUP1[:5])
        assert set(recorded.values_list("role", flat=True)) == {"audience"}
