"""End to end on a phone (390×844, Debian's Chromium): a volunteer logs in and opens 我的
志愿服务 (hours, star level, history, no horizontal scrolling); a resident scans a
certificate's QR and sees it is genuine, and an altered code is 不是有效的证明.
Screenshots are left in /tmp/e2e-volunteer-*.png."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from sanwei.accounts.models import Role
from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import AttendanceRole
from sanwei.needs.models import VolunteerAccount
from sanwei.volunteers.services import confirm_attendances, issue_certificate

from ..factories import (
    ActivityFactory,
    AttendanceFactory,
    PersonFactory,
    VolunteerProfileFactory,
    build_town_tree,
    default_activity_type,
    user_with_role,
)
from ..volunteers.conftest import bj
from .conftest import PASSWORD, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def volunteer():
    with scopes_disabled():
        tree = build_town_tree()
        default_activity_type("mobile_lecture")  # transactional tests start from empty tables
        user = user_with_role(Role.VOLUNTEER, tree["village_a"], username="zhiyuanzhe")
        user.set_password(PASSWORD)
        user.save()
        person = PersonFactory(region=tree["village_a"], name="覃春兰")
        profile = VolunteerProfileFactory(person=person, number="430821104-0021")
        VolunteerAccount.unscoped.create(user=user, person=person)
        for day in range(1, 7):
            start = bj(2023, 6, day)
            activity = ActivityFactory(
                region=tree["village_a"],
                title=f"关爱留守儿童第{day}次",
                starts_at=start,
                ends_at=start,
            )
            AttendanceFactory(
                activity=activity, person=person, role=AttendanceRole.VOLUNTEER, hours="20.5"
            )
            confirm_attendances(activity, user=SYSTEM)
        _certificate, code = issue_certificate(profile, user=SYSTEM)
    return code


def test_a_volunteer_sees_hours_and_stars_and_a_certificate_verifies_on_a_phone(
    live_server, phone: Page, volunteer
) -> None:
    code = volunteer
    log_in(phone, live_server.url, "zhiyuanzhe")

    phone.goto(f"{live_server.url}/volunteers/me/")
    expect(phone.locator("#my-hours")).to_have_text("累计 123 小时")
    expect(phone.locator("#my-level")).to_contain_text("一星级 · 距下一星级还差 177 小时")
    expect(phone.locator("#history li")).to_have_count(6)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path="/tmp/e2e-volunteer-me.png", full_page=True)

    phone.goto(f"{live_server.url}/verify/{code}")
    expect(phone.locator("#verdict h2")).to_have_text("证明真实有效")
    expect(phone.locator("#verdict")).to_contain_text("覃春兰")
    expect(phone.locator("#verdict")).to_contain_text("123小时")
    phone.screenshot(path="/tmp/e2e-volunteer-verify.png", full_page=True)

    altered = code[:-1] + ("0" if code[-1] != "0" else "1")
    phone.goto(f"{live_server.url}/verify/{altered}")
    expect(phone.locator("#verdict h2")).to_have_text("不是有效的证明")
    expect(phone.locator("#verdict")).not_to_contain_text("覃春兰")
