"""A volunteer opens 我的送学任务 on a phone (390 px, headless Chromium), sees only their
tasks, opens a task's 完成 form and records a phone delivery; the task is done."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import sync_playwright

from sanwei.accounts.models import Role
from sanwei.outreach.models import DeliveryTask

from ..factories import (
    CampaignFactory,
    DeliveryTaskFactory,
    PersonFactory,
    build_town_tree,
    default_activity_type,
    user_with_role,
)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def world():
    today = timezone.localdate()
    with scopes_disabled():
        tree = build_town_tree()
        default_activity_type("delivery")  # transactional tests start from empty tables
        volunteer = user_with_role(Role.VOLUNTEER, tree["village_a"], username="zhiyuan")
        leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="duizhang")
        campaign = CampaignFactory(region=tree["town"])
        village = tree["village_a"]
        old = PersonFactory(region=village, name="王大山", birth_date=dt.date(1940, 3, 1))
        away = PersonFactory(region=village, name="王小军", is_migrant=True)
        other = PersonFactory(region=village, name="刘别人")
        late = DeliveryTaskFactory(
            campaign=campaign, person=old, assignee=volunteer, due_on=today - dt.timedelta(days=2)
        )
        DeliveryTaskFactory(
            campaign=campaign, person=away, assignee=volunteer, due_on=today + dt.timedelta(days=5)
        )
        DeliveryTaskFactory(campaign=campaign, person=other, assignee=leader)
    return {"volunteer": volunteer, "late": late}


def test_a_volunteer_completes_a_task_on_a_phone(live_server, world):
    client = Client()
    client.force_login(world["volunteer"])
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    task = world["late"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
        context.add_cookies(
            [
                {
                    "name": django_settings.SESSION_COOKIE_NAME,
                    "value": session,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/outreach/tasks/mine/")
        assert page.locator("#open-tasks .task-person").all_inner_texts() == ["王大山", "王小军"]
        assert "刘别人" not in page.content()
        assert page.locator("#open-tasks .overdue-badge").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        form = page.locator(f"form[action$='/tasks/{task.pk}/complete/']")
        page.locator(
            f"li.task-form:has(form[action$='/tasks/{task.pk}/complete/']) summary"
        ).click()
        form.locator("input[value='phone']").check()
        form.locator("button[type=submit]").click()
        page.wait_for_url("**/outreach/tasks/mine/")
        assert "已记录对王大山的送学" in page.content()
        assert page.locator("#open-tasks .task-person").all_inner_texts() == ["王小军"]
        page.screenshot(path="/tmp/e2e-outreach-my-tasks.png", full_page=True)
        browser.close()
    with scopes_disabled():
        done = DeliveryTask.unscoped.select_related("delivery__delivery_detail").get(pk=task.pk)
        assert (done.status, done.delivery.delivery_detail.method) == ("done", "phone")
