"""数据看板: each role lands on its own region (a county viewer the county with one row per
town, a town admin the town with one row per village, a secretary the village), drills
down through links, and cannot open a region outside its own; volunteers see no figures."""

from __future__ import annotations

import re

from django.urls import reverse

from sanwei.reports.dashboard import default_campaign

from .dashboard_html import heading, table

URL = reverse("dashboard")


def region_names(html: str) -> list[str]:
    return [row[0] for row in table(html, "table-children")]


def test_a_town_admin_lands_on_the_town_with_a_row_per_village(client, login, town, town_admin):
    login(town_admin)
    html = client.get(URL).content.decode()
    assert heading(html) == "数据看板 · 东岳观镇 乡镇"
    assert region_names(html) == ["东岳观村", "双岗村", "未分到下级区划"]
    # The town's campaign is the default, in its own period.
    assert f'id="dash-scope">{town["campaign"].name} · 专题期间' in html
    assert "专题期间（2023-01-01 — 2023-03-31）" in html


def test_a_county_viewer_lands_on_the_county_with_a_row_per_town(
    client, login, town, county_viewer
):
    login(county_viewer)
    html = client.get(URL).content.decode()
    assert heading(html) == "数据看板 · 慈利县 县"
    assert region_names(html) == ["东岳观镇", "通津铺镇"]
    # No campaign covers the whole county: all campaigns, all time.
    assert "全部专题 · 全部时间" in html


def test_a_secretary_lands_on_the_village(client, login, town, secretary_a):
    login(secretary_a)
    html = client.get(URL).content.decode()
    assert heading(html) == "数据看板 · 东岳观村 村/社区"
    # A village of no 组: no child rows, no per-region chart.
    assert 'id="table-children"' not in html
    # The town above is not a link for them.
    assert "?region=430821104000" not in html


def test_drilling_down_from_the_town_to_a_village_keeps_the_choices(
    client, login, town, town_admin
):
    login(town_admin)
    html = client.get(URL, {"campaign": town["campaign"].pk, "period": "custom",
                            "start": "2023-01-01", "end": "2023-01-31"}).content.decode()  # fmt: skip
    links = re.findall(r'href="(/dashboard/\?region=430821104202[^"]*)"', html)
    assert len(links) == 1
    down = client.get(links[0].replace("&amp;", "&"))
    assert down.status_code == 200
    page = down.content.decode()
    assert heading(page) == "数据看板 · 双岗村 村/社区"
    assert "自定义（2023-01-01 — 2023-01-31）" in page
    # …and back up to the town through the breadcrumb.
    assert 'href="/dashboard/?region=430821104000&amp;' in page


def test_a_secretary_cannot_open_another_village_or_the_town(client, login, town, secretary_a):
    login(secretary_a)
    assert client.get(URL, {"region": town["village_b"].code}).status_code == 404
    assert client.get(URL, {"region": town["town"].code}).status_code == 404
    assert client.get(URL, {"region": "999999999999"}).status_code == 404


def test_volunteers_are_refused(client, login, town, volunteer_a):
    login(volunteer_a)
    assert client.get(URL).status_code == 403


def test_the_menu_and_the_home_page_lead_to_the_dashboard(client, login, town, town_admin):
    login(town_admin)
    html = client.get(reverse("home")).content.decode()
    assert html.count('href="/dashboard/"') == 2  # the menu entry and the home page's button


def test_the_default_campaign_is_the_latest_held_at_the_region_or_above(town):
    assert default_campaign(town["village_a"]) == town["campaign"]
    assert default_campaign(town["town"]) == town["campaign"]
    assert default_campaign(town["county"]) is None
