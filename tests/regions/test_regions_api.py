"""The regions API: read-only, the caller's subtree, filters by level and parent code."""

import pytest

from sanwei.accounts.tokens import create_token
from sanwei.regions.models import RegionLevel


@pytest.fixture
def get(client):
    def _get(user, path, **params):
        token = create_token(user, "t")
        return client.get(path, data=params or None, HTTP_AUTHORIZATION=f"Bearer {token}")

    return _get


def test_the_list_is_the_callers_subtree(get, town_admin, tree):
    response = get(town_admin, "/api/v1/regions/")
    assert response.status_code == 200
    body = response.json()
    assert [r["name"] for r in body["items"]] == ["东岳观镇", "东岳观村", "双岗村"]
    assert body["items"][1]["level_display"] == "村/社区"


def test_filter_by_level_and_parent_code(get, county_viewer, tree, groups):
    towns = get(county_viewer, "/api/v1/regions/", level=RegionLevel.TOWN).json()
    assert {r["name"] for r in towns["items"]} == {"东岳观镇", "通津铺镇"}
    children = get(county_viewer, "/api/v1/regions/", parent=tree["village_a"].code).json()
    assert [r["code"] for r in children["items"]] == ["430821104201001", "430821104201002"]


def test_one_region_and_404_outside_the_scope(get, secretary_a, tree):
    ok = get(secretary_a, f"/api/v1/regions/{tree['village_a'].pk}")
    assert ok.status_code == 200 and ok.json()["code"] == "430821104201"
    assert get(secretary_a, f"/api/v1/regions/{tree['village_b'].pk}").status_code == 404
    assert get(secretary_a, f"/api/v1/regions/{tree['town'].pk}").status_code == 404


def test_the_api_is_read_only(client, town_admin, tree):
    token = create_token(town_admin, "t")
    response = client.post("/api/v1/regions/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 405
