"""数据看板 in Chromium, on the demo town (built small): at desktop (1280×800) and phone
(390×844) sizes every chart draws an SVG of non-zero size, its Chinese labels render as
full-width glyphs (fonts-noto-cjk), no cell, tile or heading overflows its box, and the
phone page does not scroll sideways; a village's link drills down. Screenshots go to a
temporary directory (printed), never into the repository."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Browser, Page, expect

from sanwei.demo.builder import build_demo

from .conftest import PHONE_VIEWPORT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 800}
SHOTS = Path(tempfile.mkdtemp(prefix="sanwei-dashboard-"))
CHARTS = ["chart-trend", "chart-children", "chart-coverage", "chart-opinions", "chart-needs"]

# Elements whose text must fit their box (scrollWidth ≤ clientWidth).
OVERFLOWING = """() => {
  const out = [];
  for (const el of document.querySelectorAll(
      'main td, main th, main h1, main h2, .tile span, .dash-filters label, #dash-scope')) {
    if (el.offsetParent === null) continue;  // folded away (a closed table view)
    if (el.scrollWidth > el.clientWidth + 1) out.push(el.tagName + ': ' + el.textContent.trim());
  }
  return out;
}"""

# Each chart: its SVG's box, and the widest legend/axis text that is a pillar's name.
CHART_BOXES = """(ids) => ids.map((id) => {
  const svg = document.querySelector('#' + id + ' svg');
  if (!svg) return [id, 0, 0];
  const box = svg.getBoundingClientRect();
  return [id, box.width, box.height];
})"""

PILLAR_TEXT = """() => {
  const texts = [...document.querySelectorAll('#chart-trend svg text')]
    .filter((t) => t.textContent === '微课堂');
  if (!texts.length) return null;
  const t = texts[0];
  return [t.getBBox().width, parseFloat(getComputedStyle(t).fontSize) || 12];
}"""


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with scopes_disabled():
        build_demo(progress=False, scale=0.02)


def open_page(browser: Browser, viewport: dict, *, phone: bool = False) -> Page:
    context = browser.new_context(
        viewport=viewport,
        locale="zh-CN",
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=2 if phone else 1,
    )
    return context.new_page()


def log_in_demo(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("sanwei-demo")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


def check_dashboard(page: Page, name: str) -> None:
    expect(page.locator("h1")).to_contain_text("数据看板 · 东岳观镇")
    for chart in CHARTS:
        expect(page.locator(f"#{chart}[data-drawn='1'] svg")).to_have_count(1)
    page.wait_for_timeout(300)  # ECharts' first frame
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)
    print(f"screenshot: {SHOTS / name}.png")
    for chart, width, height in page.evaluate(CHART_BOXES, CHARTS):
        assert width > 100 and height > 100, (chart, width, height)
    # "微课堂" drawn with a CJK font: three full-width glyphs, about 3 em (a missing glyph's
    # box is narrower in the fallback fonts).
    width, size = page.evaluate(PILLAR_TEXT)
    assert width >= 2.7 * size, (width, size)
    assert page.evaluate(OVERFLOWING) == []


def test_desktop(live_server, browser: Browser, demo):
    page = open_page(browser, DESKTOP)
    log_in_demo(page, live_server.url, "town")
    page.get_by_role("link", name="数据看板").first.click()
    check_dashboard(page, "desktop-town")
    # The demo's figures on the tiles (its campaign by default).
    expect(page.locator("#dash-scope")).to_contain_text("学习宣传贯彻党的二十大精神 · 专题期间")
    # Drill down to the first village and back.
    page.locator("#table-children a", has_text="东岳观村").click()
    expect(page.locator("h1")).to_contain_text("数据看板 · 东岳观村")
    page.locator(".crumbs a", has_text="东岳观镇").click()
    expect(page.locator("h1")).to_contain_text("数据看板 · 东岳观镇")
    page.context.close()


def test_phone(live_server, browser: Browser, demo):
    page = open_page(browser, PHONE_VIEWPORT, phone=True)
    log_in_demo(page, live_server.url, "town")
    page.goto(f"{live_server.url}/dashboard/")
    check_dashboard(page, "phone-town")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
    # The folded table views open and still fit.
    for summary in page.locator("details.table-view > summary").all():
        summary.click()
    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
    page.screenshot(path=SHOTS / "phone-town-tables.png", full_page=True)
    page.context.close()
