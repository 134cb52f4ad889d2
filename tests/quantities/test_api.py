"""The API: list, create and delete quantities, and the totals endpoint, with the pages'
scoping, permissions and rules."""

from sanwei.needs.models import NeedResolution
from sanwei.quantities.models import Quantity

from ..factories import ActivityFactory, CampaignFactory, QuantityFactory, need_in_state
from .conftest import bj


def test_create_on_an_activity_and_on_a_need_then_list(api_as, secretary_a, tree):
    activity = ActivityFactory(
        region=tree["village_a"], starts_at=bj(2023, 3, 1), ends_at=bj(2023, 3, 1, 11)
    )
    need = need_in_state("resolved", region=tree["village_a"])
    NeedResolution.unscoped.filter(need=need).update(resolved_at=bj(2023, 3, 2, 23, 30))
    api = api_as(secretary_a)

    on_activity = api.post(
        "/api/v1/quantities/",
        {"activity_id": activity.pk, "item": "森林防火承诺书", "quantity": 2000, "unit": "份"},
    )
    on_need = api.post(
        "/api/v1/quantities/",
        {"need_id": need.pk, "item": "饮用水", "quantity": "12.50", "unit": "吨", "note": "送水"},
    )

    assert on_activity.status_code == 201
    assert on_activity.json() == {
        "id": on_activity.json()["id"], "activity_id": activity.pk, "need_id": None,
        "item": "森林防火承诺书", "quantity": "2000", "unit": "份", "note": "",
        "region": "430821104201", "region_name": "东岳观村", "delivered_on": "2023-03-01",
    }  # fmt: skip
    assert on_need.status_code == 201
    assert (on_need.json()["quantity"], on_need.json()["delivered_on"]) == ("12.5", "2023-03-02")
    listed = api.get("/api/v1/quantities/", {"activity": activity.pk}).json()
    assert [(r["item"], r["quantity"]) for r in listed["items"]] == [("森林防火承诺书", "2000")]
    in_period = api.get("/api/v1/quantities/", {"start": "2023-03-02", "end": "2023-03-02"})
    assert [r["item"] for r in in_period.json()["items"]] == ["饮用水"]


def test_zero_negative_and_no_owner_are_refused(api_as, secretary_a, tree):
    activity = ActivityFactory(region=tree["village_a"])
    need = need_in_state("reported", region=tree["village_a"])
    api = api_as(secretary_a)

    zero = api.post(
        "/api/v1/quantities/",
        {"activity_id": activity.pk, "item": "水", "quantity": 0, "unit": "吨"},
    )
    negative = api.post(
        "/api/v1/quantities/", {"need_id": need.pk, "item": "水", "quantity": -6, "unit": "吨"}
    )
    both = api.post(
        "/api/v1/quantities/",
        {"activity_id": activity.pk, "need_id": need.pk, "item": "水", "quantity": 1, "unit": "吨"},
    )
    bad_unit = api.post(
        "/api/v1/quantities/",
        {"activity_id": activity.pk, "item": "水", "quantity": 1, "unit": "t"},
    )

    assert (zero.status_code, zero.json()) == (
        400, {"code": "quantity_not_positive", "message": "数量应大于 0", "field": "quantity"}
    )  # fmt: skip
    assert negative.json()["code"] == "quantity_not_positive"
    assert (both.status_code, both.json()["code"]) == (400, "owner_required")
    assert (bad_unit.status_code, bad_unit.json()["code"], bad_unit.json()["field"]) == (
        400, "invalid", "unit"
    )  # fmt: skip
    assert Quantity.unscoped.count() == 0


def test_another_villages_activity_is_unknown_and_its_quantity_not_found(api_as, secretary_b, tree):
    activity = ActivityFactory(region=tree["village_a"])
    q = QuantityFactory(activity=activity)
    api = api_as(secretary_b)

    created = api.post(
        "/api/v1/quantities/",
        {"activity_id": activity.pk, "item": "水", "quantity": 1, "unit": "吨"},
    )

    assert (created.status_code, created.json()["code"]) == (400, "activity_unknown")
    assert api.get(f"/api/v1/quantities/{q.pk}").status_code == 404
    assert api.delete(f"/api/v1/quantities/{q.pk}").status_code == 404
    assert api.get("/api/v1/quantities/").json()["items"] == []
    assert Quantity.unscoped.count() == 1


def test_delete(api_as, secretary_a, tree):
    q = QuantityFactory(activity=ActivityFactory(region=tree["village_a"]))

    response = api_as(secretary_a).delete(f"/api/v1/quantities/{q.pk}")

    assert response.status_code == 204
    assert not Quantity.unscoped.exists()


def test_totals_of_the_town_and_each_village(api_as, town_admin, tree):
    campaign = CampaignFactory(region=tree["town"])
    a = ActivityFactory(region=tree["village_a"], campaign=campaign, starts_at=bj(2023, 1, 10))
    b = ActivityFactory(region=tree["village_b"], starts_at=bj(2023, 1, 20))
    QuantityFactory(activity=a, item="承诺书", quantity=2000, unit="份")
    QuantityFactory(activity=a, item="饮用水", quantity="6000", unit="吨")
    QuantityFactory(activity=b, item="饮用水", quantity="48", unit="吨")
    QuantityFactory(activity=b, item="饮用水", quantity="3", unit="桶")
    api = api_as(town_admin)

    whole = api.get("/api/v1/quantities/totals")
    of_campaign = api.get(
        "/api/v1/quantities/totals", {"region": "430821104000", "campaign": campaign.pk}
    )
    village = api.get("/api/v1/quantities/totals", {"region": "430821104202", "end": "2023-01-19"})

    assert whole.status_code == 200
    assert whole.json() == {
        "region": "430821104000",
        "region_name": "东岳观镇",
        "totals": [
            {"item": "承诺书", "unit": "份", "total": "2000"},
            {"item": "饮用水", "unit": "桶", "total": "3"},
            {"item": "饮用水", "unit": "吨", "total": "6048"},
        ],
        "children": [
            {
                "region": "430821104201",
                "region_name": "东岳观村",
                "totals": [
                    {"item": "承诺书", "unit": "份", "total": "2000"},
                    {"item": "饮用水", "unit": "吨", "total": "6000"},
                ],
            },
            {
                "region": "430821104202",
                "region_name": "双岗村",
                "totals": [
                    {"item": "饮用水", "unit": "桶", "total": "3"},
                    {"item": "饮用水", "unit": "吨", "total": "48"},
                ],
            },
        ],
    }
    assert of_campaign.json()["totals"] == [
        {"item": "承诺书", "unit": "份", "total": "2000"},
        {"item": "饮用水", "unit": "吨", "total": "6000"},
    ]
    assert village.json() == {
        "region": "430821104202", "region_name": "双岗村", "totals": [], "children": []
    }  # fmt: skip


def test_totals_refuse_another_region_and_a_reversed_period(api_as, secretary_a, tree):
    api = api_as(secretary_a)

    other = api.get("/api/v1/quantities/totals", {"region": "430821104202"})
    reversed_ = api.get("/api/v1/quantities/totals", {"start": "2023-02-01", "end": "2023-01-01"})
    bad_date = api.get("/api/v1/quantities/totals", {"start": "2023-02-30"})

    assert (other.status_code, other.json()["code"]) == (400, "region_unknown")
    assert (reversed_.status_code, reversed_.json()) == (
        400, {"code": "period_invalid", "message": "截止日期不能早于起始日期", "field": "end"}
    )  # fmt: skip
    assert (bad_date.status_code, bad_date.json()["code"]) == (400, "invalid")
