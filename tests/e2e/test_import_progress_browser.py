"""End to end in a browser, without Redis: a town admin uploads a roster, the upload
returns while the file is still being checked (in a thread of the web process), the page
shows the progress bar, and — polled by htmx — reloads with the result once done."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from sanwei.accounts.models import Role
from sanwei.imports import services

from ..factories import build_town_tree, user_with_role
from ..imports.conftest import id_number, write_xlsx
from .conftest import PASSWORD, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROWS = [
    ["姓名", "身份证号", "村（社区）", "户主姓名", "与户主关系"],
    ["张三", id_number(dt.date(1960, 1, 1), "M", 1), "东岳观村", "张三", "户主"],
    ["李四", id_number(dt.date(1961, 1, 1), "F", 2), "东岳观村", "张三", "妻"],
]


@pytest.fixture
def town_admin(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with scopes_disabled():
        tree = build_town_tree()
        admin = user_with_role(Role.TOWN_ADMIN, tree["town"], username="zhenli")
        admin.set_password(PASSWORD)
        admin.save()
    return admin


def test_the_progress_bar_shows_while_the_check_runs_then_the_result(
    live_server, phone: Page, town_admin, settings, monkeypatch, tmp_path
):
    settings.TASKS_IN_THREAD = True
    release = threading.Event()
    analyse = services.analyse

    def analyse_when_released(*args, **kwargs):
        assert release.wait(60), "the test never released the check"
        return analyse(*args, **kwargs)

    monkeypatch.setattr(services, "analyse", analyse_when_released)
    # The thread starts once the upload commits, while the request still writes: the test
    # database (shared in-memory SQLite) refuses a second writer at once instead of waiting
    # as a database file does. The check starts once the page shows the progress bar.
    page_shown = threading.Event()
    preview = services.preview

    def preview_after_the_page(*args, **kwargs):
        assert page_shown.wait(30), "the page never showed the progress bar"
        return preview(*args, **kwargs)

    monkeypatch.setattr(services, "preview", preview_after_the_page)
    path = write_xlsx(tmp_path / "花名册.xlsx", ROWS)
    log_in(phone, live_server.url, "zhenli")
    phone.goto(f"{live_server.url}/imports/new/")
    phone.get_by_label("导入到").select_option(label="东岳观镇")
    phone.locator("input[type=file]").set_input_files(str(path))

    phone.get_by_role("button", name="上传并检查").click()

    expect(phone.get_by_text("正在检查文件")).to_be_visible()
    expect(phone.locator("#import-progress progress")).to_be_visible()
    expect(phone.get_by_role("button", name="确认导入")).to_have_count(0)
    page_shown.set()
    release.set()
    expect(phone.get_by_role("button", name="确认导入：新增 2 人、更新 0 人")).to_be_visible(
        timeout=20_000
    )
    expect(phone.locator("#import-progress")).to_have_count(0)
