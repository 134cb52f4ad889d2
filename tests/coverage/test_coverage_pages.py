"""The coverage page (/coverage/<campaign>/?region=), the campaign page's coverage card and
the home page's panel, on the hand-built village (tests/coverage/conftest.py): the same
figures as the engine and the API, worked out by hand there."""

import datetime as dt
import re

import pytest

from sanwei.accounts.models import Role
from sanwei.accounts.tokens import create_token

from ..factories import CampaignFactory, user_with_role
from ..people.conftest import ApiClient


def page_url(campaign, code=None, **params):
    query = {"region": code, **params} if code else params
    return f"/coverage/{campaign.pk}/", query


def figures(html: str, section: str) -> dict[str, tuple[int, int, str]]:
    """(reached, total, percent) of each figure inside the element with id `section`."""
    part = html.split(f'id="{section}"', 1)[1]
    found = re.findall(
        r'data-figure="(\w+)" data-reached="(\d+)" data-total="(\d+)" data-percent="([\d.]*)"',
        part,
    )[:3]
    return {key: (int(r), int(t), p) for key, r, t, p in found}


def child_rows(html: str) -> list[tuple[str, str, str, str, str]]:
    """(code, persons, party, households, 人次) of each row of the child regions' table."""
    return re.findall(
        r'<tr class="[^"]*" data-code="(\d*)" data-persons="([\d/]+)" data-party="([\d/]+)" '
        r'data-households="([\d/]+)" data-person-times="(\d+)"',
        html,
    )


def test_the_town_page_shows_the_three_figures_and_the_villages(login, town_admin, village):
    response = login(town_admin).get(*page_url(village.campaign, "430821104000"))

    assert response.status_code == 200
    html = response.content.decode()
    assert figures(html, "region-coverage") == {
        "persons": (3, 9, "33.3"),
        "party_members": (2, 3, "66.7"),
        "households": (3, 5, "60.0"),
    }
    assert child_rows(html) == [
        ("430821104201", "3/8", "2/2", "3/4", "34"),
        ("430821104202", "0/1", "0/1", "0/1", "20"),
    ]
    # both villages are behind the 90% target: highlighted, and each links one level down
    assert html.count('<tr class="cov-behind"') == 2
    assert f"/coverage/{village.campaign.pk}/?region=430821104201" in html


def test_a_village_page_shows_its_groups_without_further_links(login, town_admin, village):
    html = login(town_admin).get(*page_url(village.campaign, "430821104201")).content.decode()

    assert child_rows(html) == [
        ("430821104201001", "1/3", "1/1", "1/2", "2"),
        ("430821104201002", "2/4", "1/1", "2/2", "1"),
        ("", "0/1", "0/0", "0/0", "31"),
    ]
    assert "未分到下级区划" in html
    assert "?region=430821104201001" not in html  # a 组 has nothing below it
    # the way back up: the town
    assert f'href="/coverage/{village.campaign.pk}/?region=430821104000"' in html


def test_children_sort_by_percent(login, town_admin, village):
    client = login(town_admin)
    url, query = page_url(village.campaign, "430821104201")

    ascending = child_rows(client.get(url, {**query, "sort": "percent"}).content.decode())
    descending = child_rows(client.get(url, {**query, "sort": "-percent"}).content.decode())

    assert [r[0] for r in ascending] == ["", "430821104201001", "430821104201002"]
    assert [r[0] for r in descending] == ["430821104201002", "430821104201001", ""]


def test_a_period_counts_only_its_activities(login, town_admin, village):
    url, query = page_url(village.campaign, "430821104000", start="2022-12-01", end="2022-12-31")

    html = login(town_admin).get(url, query).content.decode()

    assert figures(html, "region-coverage")["persons"] == (1, 9, "11.1")


def test_a_secretary_sees_her_village_by_default_and_cannot_leave_it(login, secretary_a, village):
    client = login(secretary_a)

    own = client.get(*page_url(village.campaign)).content.decode()
    foreign = client.get(*page_url(village.campaign, "430821104202")).content.decode()

    assert figures(own, "region-coverage")["persons"] == (3, 8, "37.5")
    assert figures(foreign, "region-coverage")["persons"] == (3, 8, "37.5")  # her own again
    assert "双岗村" not in foreign


def test_volunteers_may_not_open_it(login, volunteer_a, village):
    assert login(volunteer_a).get(*page_url(village.campaign)).status_code == 403


def test_another_towns_campaign_is_404(login, town_admin, village, tree):
    elsewhere = CampaignFactory(region=tree["other_town"])

    assert login(town_admin).get(*page_url(elsewhere)).status_code == 404


def test_the_campaign_page_shows_actual_coverage_against_the_targets(login, town_admin, village):
    response = login(town_admin).get(f"/activities/campaigns/{village.campaign.pk}/")

    html = response.content.decode()
    assert figures(html, "campaign-coverage") == {
        "persons": (3, 9, "33.3"),
        "party_members": (2, 3, "66.7"),
        "households": (3, 5, "60.0"),
    }
    assert "目标 90%" in html and "目标 60%" in html
    assert f'href="/coverage/{village.campaign.pk}/?region=430821104000"' in html


def test_volunteers_see_the_campaign_page_without_coverage(login, volunteer_a, village):
    html = login(volunteer_a).get(f"/activities/campaigns/{village.campaign.pk}/").content.decode()

    assert 'id="campaign-coverage"' not in html
    assert "群众覆盖目标" in html


def test_the_api_the_campaign_page_and_the_coverage_page_agree(client, village, tree):
    secretary = user_with_role(Role.VILLAGE_SECRETARY, tree["village_a"], username="sec_agree")
    api = ApiClient(client, create_token(secretary, "t"))
    body = api.get("/api/v1/coverage", {"campaign": village.campaign.pk}).json()
    client.force_login(secretary)
    campaign_page = client.get(f"/activities/campaigns/{village.campaign.pk}/").content.decode()
    coverage_page = client.get(f"/coverage/{village.campaign.pk}/").content.decode()

    from_api = {
        key: (body[key]["reached"], body[key]["total"], f"{body[key]['percent']:.1f}")
        for key in ("persons", "party_members", "households")
    }
    expected = {
        "persons": (3, 8, "37.5"),
        "party_members": (2, 2, "100.0"),
        "households": (3, 4, "75.0"),
    }
    assert from_api == expected
    assert figures(campaign_page, "campaign-coverage") == expected
    assert figures(coverage_page, "region-coverage") == expected
    assert [(c["region"]["code"] or "", f"{c['persons']['reached']}/{c['persons']['total']}")
            for c in body["children"]] == [(r[0], r[1]) for r in child_rows(coverage_page)]  # fmt: skip


@pytest.fixture
def current(village):
    """The village's campaign, running today."""
    today = dt.date.today()
    village.campaign.starts_on = today - dt.timedelta(days=30)
    village.campaign.ends_on = today + dt.timedelta(days=30)
    village.campaign.save()
    return village


def test_the_home_page_shows_the_current_campaign_and_the_villages_behind(
    login, town_admin, current
):
    html = login(town_admin).get("/").content.decode()

    panel = html.split('class="card home-coverage"', 1)[1]
    found = re.findall(r'data-figure="(\w+)" data-reached="(\d+)" data-total="(\d+)"', panel)
    assert found == [("persons", "3", "9"), ("party_members", "2", "3"), ("households", "3", "5")]
    assert re.findall(r'<li data-code="(\d+)">', panel) == ["430821104202", "430821104201"]
    assert "覆盖最落后的村（社区）" in panel


def test_a_secretary_home_page_shows_her_groups_behind(login, secretary_a, current):
    html = login(secretary_a).get("/").content.decode()

    panel = html.split('class="card home-coverage"', 1)[1]
    assert re.findall(r'data-figure="persons" data-reached="(\d+)" data-total="(\d+)"', panel) == [
        ("3", "8")
    ]
    # 1组 1/3, 2组 2/4: the worse first
    assert re.findall(r'<li data-code="(\d+)">', panel) == ["430821104201001", "430821104201002"]


def test_a_county_viewer_sees_the_town_of_a_town_campaign(login, county_viewer, current):
    html = login(county_viewer).get("/").content.decode()

    assert "覆盖情况（东岳观镇）" in html


def test_without_a_current_campaign_the_home_page_shows_the_latest(login, town_admin, village):
    html = login(town_admin).get("/").content.decode()

    assert "最近一期专题" in html
    assert html.count('class="card home-coverage"') == 1


def test_volunteers_see_no_coverage_on_the_home_page(login, volunteer_a, current):
    html = login(volunteer_a).get("/").content.decode()

    assert "home-coverage" not in html


def test_the_page_links_to_the_gap_list_of_the_same_region(login, town_admin, village):
    html = login(town_admin).get(*page_url(village.campaign, "430821104201")).content.decode()

    assert f'href="/coverage/{village.campaign.pk}/gaps/?region=430821104201"' in html
