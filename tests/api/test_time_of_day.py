"""A time of day (a study series' start time) is Beijing time without a zone: the schema
says so (JSON Schema's "time" format requires an offset), and a time sent with a zone is
a 400, not stored."""

from sanwei.study.models import StudySeries


def series(tree, campaign, start_time: str) -> dict:
    return {
        "title": "青年理论学习小组",
        "campaign_id": campaign.pk,
        "region": tree["town"].code,
        "rule": "day",
        "day_of_month": 20,
        "start_time": start_time,
    }


def test_a_start_time_with_a_zone_is_400(api_as, town_admin, tree, campaign):
    response = api_as(town_admin).post(
        "/api/v1/study/series", series(tree, campaign, "14:30:00+08:00")
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": "start_time：应为不带时区的钟点（北京时间），如 15:00",
        "field": "start_time",
    }
    assert StudySeries.unscoped.count() == 0


def test_a_start_time_is_answered_as_it_is_documented(client, api_as, town_admin, tree, campaign):
    created = api_as(town_admin).post("/api/v1/study/series", series(tree, campaign, "14:30"))
    documented = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["SeriesOut"]

    assert created.status_code == 201, created.json()
    assert created.json()["start_time"] == "14:30:00"
    assert "format" not in documented["properties"]["start_time"]
    assert documented["properties"]["start_time"]["pattern"] == (
        r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"
    )
