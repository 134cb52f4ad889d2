"""GET /api/v1/coverage on the hand-built village (tests/coverage/conftest.py): the
figures are the engine's, worked out by hand there; scope, period and bad input."""

import pytest

from sanwei.accounts.models import Role
from sanwei.accounts.tokens import create_token

from ..factories import CampaignFactory, user_with_role
from ..people.conftest import ApiClient

URL = "/api/v1/coverage"


@pytest.fixture
def api_as(client):
    def _api(user) -> ApiClient:
        return ApiClient(client, create_token(user, "t"))

    return _api


def fig(reached, total, percent, target, met):
    return {"reached": reached, "total": total, "percent": percent, "target": target, "met": met}


def test_town_coverage_with_its_villages(api_as, town_admin, village):
    response = api_as(town_admin).get(
        URL, {"campaign": village.campaign.pk, "region": "430821104000"}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["campaign"] == {"id": village.campaign.pk, "name": village.campaign.name}
    assert body["region"] == {"code": "430821104000", "name": "东岳观镇", "level": 4}
    assert body["persons"] == fig(3, 9, 33.3, 90, False)
    assert body["party_members"] == fig(2, 3, 66.7, 90, False)
    assert body["households"] == fig(3, 5, 60.0, 60, True)
    assert body["audience_person_times"] == 54
    assert [
        (c["region"]["code"], c["region"]["name"], c["persons"]["reached"], c["persons"]["total"])
        for c in body["children"]
    ] == [("430821104201", "东岳观村", 3, 8), ("430821104202", "双岗村", 0, 1)]
    assert body["children"][0]["households"] == fig(3, 4, 75.0, 60, True)
    assert body["children"][1]["audience_person_times"] == 20


def test_village_children_are_its_groups_and_the_unassigned_bucket(api_as, town_admin, village):
    body = (
        api_as(town_admin)
        .get(URL, {"campaign": village.campaign.pk, "region": "430821104201"})
        .json()
    )

    assert [
        (c["region"], c["persons"]["reached"], c["persons"]["total"], c["households"]["percent"])
        for c in body["children"]
    ] == [
        ({"code": "430821104201001", "name": "1组", "level": 6}, 1, 3, 50.0),
        ({"code": "430821104201002", "name": "2组", "level": 6}, 2, 4, 100.0),
        ({"code": None, "name": "未分到下级区划", "level": None}, 0, 1, None),
    ]


def test_the_region_defaults_to_the_users_own(api_as, secretary_a, village):
    body = api_as(secretary_a).get(URL, {"campaign": village.campaign.pk}).json()

    assert body["region"]["code"] == "430821104201"
    assert body["persons"] == fig(3, 8, 37.5, 90, False)


def test_a_town_admin_gets_the_campaigns_town_by_default(api_as, town_admin, village):
    body = api_as(town_admin).get(URL, {"campaign": village.campaign.pk}).json()

    assert body["region"]["code"] == "430821104000"


def test_a_period_counts_activities_starting_in_it(api_as, town_admin, village):
    # 12-01…12-31: only the delivery to 孙七 (12-05) reaches; B's head count (12-01) is 人次.
    body = (
        api_as(town_admin)
        .get(URL, {"campaign": village.campaign.pk, "start": "2022-12-01", "end": "2022-12-31"})
        .json()
    )

    assert (body["start"], body["end"]) == ("2022-12-01", "2022-12-31")
    assert body["persons"] == fig(1, 9, 11.1, 90, False)
    assert body["households"] == fig(1, 5, 20.0, 60, False)
    assert body["audience_person_times"] == 21


def test_a_period_ending_before_it_starts_is_400(api_as, town_admin, village):
    response = api_as(town_admin).get(
        URL, {"campaign": village.campaign.pk, "start": "2022-12-31", "end": "2022-12-01"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "period_invalid"
    assert response.json()["field"] == "end"


@pytest.mark.parametrize("code", ["430821104202", "439999999999"])  # 双岗村 (not hers); none
def test_a_region_unknown_or_outside_the_users_scope_is_region_unknown(
    api_as, secretary_a, village, code
):
    response = api_as(secretary_a).get(URL, {"campaign": village.campaign.pk, "region": code})

    assert response.status_code == 400
    assert response.json() == {
        "code": "region_unknown",
        "message": f"区划代码“{code}”不存在或不在您的管辖范围内",
        "field": "region",
    }


def test_a_region_above_the_campaigns_is_refused(api_as, county_viewer, village):
    response = api_as(county_viewer).get(
        URL, {"campaign": village.campaign.pk, "region": "430821000000"}
    )

    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == (
        "region_outside_campaign",
        "region",
    )


def test_a_campaign_unknown_or_of_another_town_is_campaign_unknown(
    api_as, town_admin, village, tree
):
    elsewhere = CampaignFactory(region=tree["other_town"])
    api = api_as(town_admin)

    for pk in (elsewhere.pk, 999999):
        response = api.get(URL, {"campaign": pk})
        assert response.status_code == 400
        assert response.json() == {
            "code": "campaign_unknown",
            "message": "专题不存在或不在您的管辖范围内",
            "field": "campaign",
        }


def test_the_campaign_is_required(api_as, town_admin, village):
    response = api_as(town_admin).get(URL)

    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("invalid", "campaign")


def test_volunteers_may_not_see_coverage(api_as, volunteer_a, village):
    response = api_as(volunteer_a).get(URL, {"campaign": village.campaign.pk})

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_a_county_viewer_and_a_team_leader_may(api_as, county_viewer, village, tree):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")

    county = api_as(county_viewer).get(URL, {"campaign": village.campaign.pk}).json()
    leader_body = api_as(leader).get(URL, {"campaign": village.campaign.pk}).json()

    assert (county["region"]["code"], county["persons"]["reached"]) == ("430821104000", 3)
    assert (leader_body["region"]["code"], leader_body["persons"]["reached"]) == ("430821104201", 3)


def test_anonymous_callers_get_401(client, village):
    assert client.get(URL, {"campaign": village.campaign.pk}).status_code == 401
