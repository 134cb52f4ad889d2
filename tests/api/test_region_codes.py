"""A region is given as its division code everywhere; an unknown or out-of-scope code is
a 400 `region_unknown` on the `region` field, in list filters and in writes alike."""

import pytest

from sanwei.activities.models import Activity, Campaign
from sanwei.people.models import Household, Person
from sanwei.teams.models import Team

from ..factories import HouseholdFactory, PersonFactory

LISTS = ["/api/v1/people/", "/api/v1/people/households", "/api/v1/teams/", "/api/v1/activities/"]
OTHER_VILLAGE = "430821104202"  # 双岗村: exists, outside secretary A's village
NOWHERE = "439999999999"
OTHER_TOWN = "430821105201"  # 通津铺村: exists, outside the town admin's town


def unknown(code: str) -> dict:
    return {
        "code": "region_unknown",
        "message": f"区划代码“{code}”不存在或不在您的管辖范围内",
        "field": "region",
    }


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("code", [OTHER_VILLAGE, NOWHERE])
def test_an_unknown_or_out_of_scope_region_filter_is_400_on_every_list(
    api_as, secretary_a, tree, path, code
):
    response = api_as(secretary_a).get(path, {"region": code})
    assert response.status_code == 400, path
    assert response.json() == unknown(code)


@pytest.mark.parametrize("path", LISTS)
def test_every_list_filters_by_a_region_code(api_as, town_admin, tree, team, activity, path):
    HouseholdFactory(region=tree["village_a"])
    PersonFactory(region=tree["village_a"])
    api = api_as(town_admin)
    assert api.get(path, {"region": "430821104201"}).json()["count"] == 1
    assert api.get(path, {"region": OTHER_VILLAGE}).json()["count"] == 0


def test_creates_take_the_code_as_the_regions_api_shows_it(api_as, town_admin, tree, campaign):
    api = api_as(town_admin)
    [village] = [r for r in api.get("/api/v1/regions/").json()["items"] if r["name"] == "东岳观村"]
    body = {"name": "宣讲队", "kind": "lecture", "region": village["code"]}
    created = api.post("/api/v1/teams/", body)
    assert created.status_code == 201
    assert (created.json()["region"], created.json()["region_name"]) == ("430821104201", "东岳观村")
    activity = api.post(
        "/api/v1/activities/",
        {
            "title": "流动宣讲",
            "activity_type_id": 1,
            "campaign_id": campaign.pk,
            "region": village["code"],
            "starts_at": "2024-03-12T09:00:00",
            "ends_at": "2024-03-12T11:00:00",
        },
    )
    assert activity.status_code == 201, activity.content
    assert activity.json()["region"] == "430821104201"
    assert activity.json()["region_name"] == "东岳观村"
    got = api.get(f"/api/v1/activities/campaigns/{campaign.pk}").json()
    assert (got["region"], got["region_name"]) == ("430821104000", "东岳观镇")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/v1/people/", {"name": "李四"}),
        ("patch", "/api/v1/people/{person}", {}),
        ("post", "/api/v1/people/households", {}),
        ("patch", "/api/v1/people/households/{household}", {}),
        ("post", "/api/v1/teams/", {"name": "队", "kind": "lecture"}),
        ("patch", "/api/v1/teams/{team}", {}),
        (
            "post",
            "/api/v1/activities/campaigns",
            {"name": "专题", "starts_on": "2024-01-01", "ends_on": "2024-02-01"},
        ),
        ("patch", "/api/v1/activities/campaigns/{campaign}", {}),
        (
            "post",
            "/api/v1/activities/",
            {
                "title": "宣讲",
                "activity_type_id": 1,
                "campaign_id": "{campaign}",
                "starts_at": "2024-03-12T09:00:00",
                "ends_at": "2024-03-12T11:00:00",
            },
        ),
        ("patch", "/api/v1/activities/{activity}", {}),
    ],
)
def test_an_out_of_scope_region_in_every_write_is_400_and_nothing_changes(
    api_as, town_admin, tree, team, campaign, activity, method, path, body
):
    household = HouseholdFactory(region=tree["village_a"])
    person = PersonFactory(region=tree["village_a"], household=household)
    ids = {
        "person": person.pk,
        "household": household.pk,
        "team": team.pk,
        "campaign": campaign.pk,
        "activity": activity.pk,
    }
    body = {k: int(v.format(**ids)) if k == "campaign_id" else v for k, v in body.items()}
    response = getattr(api_as(town_admin), method)(
        path.format(**ids), {**body, "region": OTHER_TOWN}
    )
    assert response.status_code == 400, (path, response.content)
    assert response.json()["code"] == "region_unknown"
    assert response.json()["field"] == "region"
    assert [
        list(Person.unscoped.values_list("region__code", flat=True)),
        list(Household.unscoped.values_list("region__code", flat=True)),
        list(Team.unscoped.values_list("region__code", flat=True)),
        list(Campaign.unscoped.values_list("region__code", flat=True)),
        list(Activity.unscoped.values_list("region__code", flat=True)),
    ] == [["430821104201"], ["430821104201"], ["430821104201"], ["430821104000"], ["430821104201"]]
