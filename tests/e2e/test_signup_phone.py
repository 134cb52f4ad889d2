"""End to end on a phone (390×844, Debian's Chromium): a volunteer opens 我的志愿服务, signs
up for a full service (候补第 1 位), then for one with places left, cancels that, and the
page never scrolls sideways. Screenshot: /tmp/e2e-signup-me.png."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from sanwei.accounts.permissions import SYSTEM
from sanwei.teams.models import TeamKind
from sanwei.volunteering.models import SignUp
from sanwei.volunteering.services import sign_up

from ..factories import TeamFactory, build_town_tree
from ..volunteering.conftest import service_activity, volunteer, volunteer_login
from .conftest import PASSWORD, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def setup():
    with scopes_disabled():
        tree = build_town_tree()
        village = tree["village_a"]
        squad = TeamFactory(region=village, name="东岳观村志愿服务小队", kind=TeamKind.SQUAD)
        me = volunteer(village, squad, "覃春兰")
        user = volunteer_login(me, "zhiyuanzhe")
        user.set_password(PASSWORD)
        user.save()
        full = service_activity(village, squad, limit=1, days=3)
        sign_up(full, volunteer(village, squad, "向红梅"), user=SYSTEM)
        roomy = service_activity(village, squad, limit=5, days=5, code="themed_party_day")
        return me, full, roomy


def test_a_volunteer_signs_up_waits_and_cancels_on_a_phone(live_server, phone: Page, setup):
    me, full, roomy = setup
    log_in(phone, live_server.url, "zhiyuanzhe")
    phone.goto(f"{live_server.url}/volunteers/me/")
    open_list = phone.locator("#open-activities li")
    expect(open_list).to_have_count(2)
    expect(open_list.first).to_contain_text("已报满，候补 0 人")

    open_list.first.get_by_role("button", name="报名候补").click()
    expect(phone.locator("#my-signups li")).to_have_count(1)
    expect(phone.locator("#my-signups li").first).to_contain_text("候补第 1 位")
    open_list.first.get_by_role("button", name="报名").click()
    expect(phone.locator("#my-signups li")).to_have_count(2)
    expect(phone.locator("#my-signups")).to_contain_text("已报名")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path="/tmp/e2e-signup-me.png", full_page=True)

    phone.locator("#my-signups li").nth(1).get_by_role("button", name="取消").click()
    expect(phone.locator("#my-signups li")).to_have_count(1)
    with scopes_disabled():
        assert SignUp.unscoped.get(activity=full, person=me).status == "waiting"
        assert SignUp.unscoped.get(activity=roomy, person=me).status == "cancelled"
