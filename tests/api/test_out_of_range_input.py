"""Paging and integers outside what the database holds are a 400, never a 500."""

import re

import pytest

from sanwei.activities.models import Activity

HUGE = "9223372036854775808"  # 2**63: one more than PostgreSQL's bigint holds


def paginated_lists(schema: dict) -> list[str]:
    return [
        path
        for path, operations in schema["paths"].items()
        if "get" in operations
        and any(p["name"] == "page" for p in operations["get"].get("parameters", []))
    ]


def fill(path: str, objects: dict[str, int]) -> str:
    return re.sub(r"{(\w+)}", lambda m: str(objects[m.group(1)]), path)


def required_query(schema: dict, path: str, objects: dict[str, int]) -> dict[str, int]:
    """The list's required query parameters (e.g. the gap list's `campaign`), filled."""
    parameters = schema["paths"][path]["get"].get("parameters", [])
    return {
        p["name"]: objects[p["name"]]
        for p in parameters
        if p["in"] == "query" and p.get("required")
    }


def test_a_huge_page_on_every_paginated_list_is_400(client, api_as, town_admin, path_objects):
    api = api_as(town_admin)
    schema = client.get("/api/v1/openapi.json").json()
    lists = paginated_lists(schema)
    for path in lists:
        query = {"page": "1000000000000000000", **required_query(schema, path, path_objects)}
        response = api.get(fill(path, path_objects), query)
        assert response.status_code == 400, (path, response.status_code)
        assert response.json() == {
            "code": "invalid",
            "message": "page：不能大于 100000",
            "field": "page",
        }, path
    assert (
        len(lists) == 26
    )  # + classroom materials, imports, two gap lists, checkin unverified, two task lists,
    # study series and essays, seminar meetings, seminar opinions and answer templates,
    # volunteers, needs, quantities, reviews, the action log


@pytest.mark.parametrize(
    ("page", "message"),
    [("0", "page：不能小于 1"), ("-3", "page：不能小于 1"), ("abc", "page：应为整数")],
)
def test_page_zero_negative_or_not_a_number_is_400(api_as, town_admin, tree, page, message):
    response = api_as(town_admin).get("/api/v1/teams/", {"page": page})
    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "message": message, "field": "page"}


def test_the_last_allowed_page_past_the_end_is_an_empty_page(api_as, town_admin, team):
    response = api_as(town_admin).get("/api/v1/teams/", {"page": "100000"})
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 1}


def test_an_out_of_range_integer_filter_is_400(api_as, town_admin, activity):
    response = api_as(town_admin).get("/api/v1/activities/", {"campaign_id": HUGE})
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": "campaign_id：不能大于 9223372036854775807",
        "field": "campaign_id",
    }


def test_an_out_of_range_id_in_the_path_is_400(api_as, town_admin, tree):
    response = api_as(town_admin).get(f"/api/v1/activities/{HUGE}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["field"] == "activity_pk"


def test_an_out_of_range_id_in_a_body_is_400_and_nothing_changes(api_as, town_admin, activity):
    response = api_as(town_admin).post(
        f"/api/v1/activities/{activity.pk}/attendance", {"person_id": int(HUGE)}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "person_id"
    assert Activity.unscoped.get().attendances.count() == 0


def test_an_out_of_range_headcount_is_400_and_nothing_changes(api_as, town_admin, activity):
    response = api_as(town_admin).patch(
        f"/api/v1/activities/{activity.pk}", {"audience_headcount": 2**31}
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": "audience_headcount：不能大于 2147483647",
        "field": "audience_headcount",
    }
    assert Activity.unscoped.get().audience_headcount == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"starts_at": "0001-01-01T00:00:00"}, "starts_at"),
        ({"ends_at": "9999-12-31T23:59:59-10:00"}, "ends_at"),
    ],
)
def test_a_datetime_outside_the_years_the_database_holds_is_400(
    api_as, town_admin, activity, body, field
):
    before = Activity.unscoped.values_list("starts_at", "ends_at").get()
    response = api_as(town_admin).patch(f"/api/v1/activities/{activity.pk}", body)
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": f"{field}：年份应在 1900 至 2999 之间",
        "field": field,
    }
    assert Activity.unscoped.values_list("starts_at", "ends_at").get() == before


NUL_REFUSED = {"code": "invalid", "message": "请求内容不能包含空字符（U+0000）", "field": None}


def test_a_nul_character_in_a_body_is_400_and_nothing_changes(api_as, town_admin, activity):
    response = api_as(town_admin).patch(f"/api/v1/activities/{activity.pk}", {"place": "村\x00部"})
    assert response.status_code == 400
    assert response.json() == NUL_REFUSED
    assert Activity.unscoped.get().place == "村部"


def test_a_nul_character_in_a_query_is_400(api_as, town_admin, activity):
    response = api_as(town_admin).get("/api/v1/activities/", {"q": "村\x00"})
    assert response.status_code == 400
    assert response.json() == NUL_REFUSED


def test_a_region_path_that_is_not_a_division_code_is_400(api_as, town_admin, tree):
    response = api_as(town_admin).get("/api/v1/regions/4308%00")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["field"] == "region_code"
