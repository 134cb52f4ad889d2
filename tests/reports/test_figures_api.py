"""GET /api/v1/figures: the figures module's keys as JSON, scoped to the caller's regions
(outside them an unknown region), with structured errors for bad input."""

from __future__ import annotations

import pytest

from sanwei.accounts.tokens import create_token

URL = "/api/v1/figures"


def get(client, user, **params):
    token = create_token(user, "figures")
    return client.get(URL, params, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_town_admin_reads_the_towns_figures_and_each_village(client, town, town_admin):
    response = get(client, town_admin, campaign=town["campaign"].pk, **{"from": "2023-01-01"},
                   to="2023-03-31")  # fmt: skip
    assert response.status_code == 200
    data = response.json()
    assert data["region"] == {"code": "430821104000", "name": "东岳观镇", "level": 4}
    assert (data["from"], data["to"]) == ("2023-01-01", "2023-03-31")
    assert data["campaign"]["id"] == town["campaign"].pk
    # April's lecture is outside the period.
    assert data["activities"]["mobile_lecture"] == {"sessions": 2, "person_times": 53, "persons": 3}
    assert data["activities"]["offline_training"] == {
        "sessions": 1, "person_times": 19, "persons": 3
    }  # fmt: skip
    assert data["classroom"] == {
        "lectures": {"teams": 2, "lectures": 2, "person_times": 53},
        "deliveries": 1,
    }
    assert data["coverage"]["persons"] == {"reached": 5, "total": 6, "percent": 83.3, "target": 100}
    assert data["coverage"]["households"]["percent"] == 75.0
    opinions = data["seminar"]["opinions"]
    assert (opinions["collected"], opinions["answered"], opinions["adopted"]) == (3, 2, 1)
    assert opinions["on_time"] == 1
    assert data["seminar"]["meetings"] == 1
    assert data["seminar"]["essays"] == {"collected": 3, "excellent": 2, "recommended": 1}
    assert data["service"]["hours"] == 6.0
    assert data["service"]["activities"] == 1
    assert data["service"]["quantities"] == [
        {"item": "学习读本", "unit": "册", "total": 30.0},
        {"item": "森林防火承诺书", "unit": "份", "total": 2000.0},
        {"item": "饮用水", "unit": "吨", "total": 10.5},
    ]
    assert data["service"]["needs"]["average_rating"] == 5.0
    assert [c["region"]["code"] for c in data["children"]] == [
        "430821104201", "430821104202", None
    ]  # fmt: skip
    a, b, _direct = data["children"]
    assert a["activities"]["mobile_lecture"]["person_times"] == 21
    assert a["coverage"]["persons"]["percent"] == 100.0
    assert b["seminar"]["opinions"]["collected"] == 1
    assert b["service"]["hours"] == 2.0


def test_a_village_secretary_gets_their_village_by_default(client, town, secretary_a):
    data = get(client, secretary_a, campaign=town["campaign"].pk).json()
    assert data["region"]["code"] == "430821104201"
    assert data["activities"]["mobile_lecture"]["person_times"] == 28
    assert data["children"] == []


def test_a_county_viewer_gets_one_row_per_town(client, town, county_viewer):
    data = get(client, county_viewer).json()
    assert data["region"]["code"] == "430821000000"
    assert data["coverage"] is None
    assert [c["region"]["name"] for c in data["children"]] == ["东岳观镇", "通津铺镇"]


def test_the_browser_session_reads_it_too(client, login, town, town_admin):
    login(town_admin)
    response = client.get(URL, {"region": "430821104202"})
    assert response.status_code == 200
    assert response.json()["seminar"]["meetings"] == 1


@pytest.mark.parametrize(
    ("params", "code", "field"),
    [
        ({"region": "430821104202"}, "region_unknown", "region"),  # another village
        ({"region": "430821104000"}, "region_unknown", "region"),  # the town above
        ({"region": "999999999999"}, "region_unknown", "region"),
        ({"region": "east"}, "region_unknown", "region"),
        ({"campaign": "999999"}, "campaign_unknown", "campaign"),
        ({"campaign": "0"}, "invalid", "campaign"),
        ({"from": "2023-02-30"}, "invalid", "from"),
        ({"to": "tomorrow"}, "invalid", "to"),
        ({"from": "2023-02-01", "to": "2023-01-31"}, "period_invalid", "to"),
    ],
)
def test_bad_input_is_a_structured_400(client, town, secretary_a, params, code, field):
    response = get(client, secretary_a, **params)
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == (code, field)
    assert body["message"]


def test_volunteers_may_not_read_figures(client, town, volunteer_a):
    response = get(client, volunteer_a)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_anonymous_callers_are_unauthenticated(client, town):
    response = client.get(URL)
    assert response.status_code == 401
