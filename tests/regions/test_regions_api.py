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


def test_one_region_by_its_code_and_404_outside_the_scope(get, secretary_a, tree):
    ok = get(secretary_a, "/api/v1/regions/430821104201")
    assert ok.status_code == 200
    assert (ok.json()["name"], ok.json()["parent"]) == ("东岳观村", "430821104000")
    assert get(secretary_a, "/api/v1/regions/430821104202").status_code == 404
    assert get(secretary_a, "/api/v1/regions/430821104000").status_code == 404


@pytest.mark.parametrize("code", ["430821104202", "999999999999", "abc"])
def test_an_unknown_or_out_of_scope_parent_is_400_region_unknown(get, secretary_a, tree, code):
    response = get(secretary_a, "/api/v1/regions/", parent=code)
    assert response.status_code == 400
    assert response.json() == {
        "code": "region_unknown",
        "message": f"区划代码“{code}”不存在或不在您的管辖范围内",
        "field": "parent",
    }


def test_the_api_is_read_only(client, town_admin, tree):
    token = create_token(town_admin, "t")
    response = client.post("/api/v1/regions/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 405
