"""End to end at a phone's viewport (390×844): a squad volunteer opens 志愿者接单, takes
an open need (抢单), opens it from 我的任务 and resolves it with what was done and their
hours; then the resident, with no login, opens the tracking link, sees 已解决 and rates
it 5 stars. The database holds the rating and the volunteer's hours."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from sanwei.accounts.models import Role
from sanwei.needs.models import Need, NeedHours, VolunteerAccount

from ..factories import build_town_tree, need_in_state, squad_volunteer, user_with_role
from .conftest import PASSWORD, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def need(settings) -> Need:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with scopes_disabled():
        tree = build_town_tree()
        volunteer = user_with_role(Role.VOLUNTEER, tree["village_a"], username="zhiyuanzhe")
        volunteer.set_password(PASSWORD)
        volunteer.save()
        person = squad_volunteer(tree["village_a"], name="王志愿")
        VolunteerAccount.unscoped.create(user=volunteer, person=person)
        return need_in_state("accepted", region=tree["village_a"],
                             description="独居老人代购药品：降压药两盒")  # fmt: skip


def test_a_volunteer_takes_and_resolves_a_need_and_the_resident_rates_it(
    live_server, phone: Page, need: Need
) -> None:
    log_in(phone, live_server.url, "zhiyuanzhe")
    phone.goto(f"{live_server.url}/needs/mine/")
    expect(phone.get_by_role("heading", name="志愿者接单")).to_be_visible()
    open_needs = phone.locator("#open-needs")
    expect(open_needs).to_contain_text("独居老人代购药品")
    open_needs.get_by_role("button", name="接单").tap()

    mine = phone.locator("#my-needs")
    expect(mine).to_contain_text("独居老人代购药品")
    expect(mine).to_contain_text("已派单")
    mine.get_by_role("link", name="独居老人代购药品：降压药两盒").tap()
    expect(phone.locator("#need-state")).to_contain_text("已派单")
    form = phone.locator("#resolve-form")
    form.get_by_label("办理情况").fill("已到镇卫生院买好降压药送到老人家中")
    form.get_by_label("王志愿的服务时长（小时）").fill("1.5")
    form.get_by_role("button", name="办结").tap()
    expect(phone.locator("#need-state")).to_contain_text("已解决")

    # The resident: no login, only the link.
    phone.context.clear_cookies()
    phone.goto(f"{live_server.url}/n/{need.code}")
    expect(phone.locator("#need-state")).to_have_text("已解决")
    expect(phone.locator("body")).not_to_contain_text("王志愿")
    phone.get_by_label("★★★★★").check()
    phone.get_by_label("评价意见").fill("来得很快，谢谢")
    phone.get_by_role("button", name="提交评价").tap()
    expect(phone.locator("#need-state")).to_have_text("已评价")
    expect(phone.locator("#rating-form")).to_have_count(0)

    with scopes_disabled():
        rated = Need.unscoped.get(pk=need.pk)
        assert (rated.state, rated.rating, rated.rating_comment) == ("rated", 5, "来得很快，谢谢")
        assert list(NeedHours.unscoped.values_list("person__name", "hours")) == [
            ("王志愿", Decimal("1.50"))
        ]
