"""GET /api/v1/coverage/gaps and /gaps/households on the hand-built village: paginated,
hardest first, reasons and priority, masked phones, filters, scope."""

import datetime as dt

import pytest

from sanwei.accounts.models import Role
from sanwei.accounts.tokens import create_token

from ..factories import CampaignFactory, user_with_role
from ..people.conftest import ApiClient

GAPS = "/api/v1/coverage/gaps"


@pytest.fixture
def flagged(village):
    p = village.people
    p.wu9.birth_date, p.wu9.is_migrant = dt.date(1940, 5, 1), True
    p.wu9.migrant_destination = "广东深圳"
    p.wang5.is_frail, p.wang5.phone = True, "13800001234"
    p.qian1.is_migrant = True
    for person in (p.wu9, p.wang5, p.qian1):
        person.save()
    return village


@pytest.fixture
def api(client):
    def _api(user) -> ApiClient:
        return ApiClient(client, create_token(user, "t"))

    return _api


def test_gap_persons_hardest_first_with_reasons_and_masked_phones(api, town_admin, flagged):
    response = api(town_admin).get(GAPS, {"campaign": flagged.campaign.pk})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 6
    assert [(i["name"], i["priority"], i["reasons"]) for i in body["items"]] == [
        ("吴九", 9, ["70岁以上", "外出流动：广东深圳"]),
        ("王五", 4, ["体弱多病"]),
        ("钱一", 1, ["外出流动"]),
        ("郑十", 0, []),
        ("李四", 0, []),
        ("周八", 0, []),
    ]
    wang5 = body["items"][1]
    assert (wang5["phone_masked"], wang5["region"], wang5["household_id"]) == (
        "138****1234",
        flagged.g1.code,
        flagged.households.h2.pk,
    )
    assert "13800001234" not in response.content.decode()
    assert "phone" not in wang5 and "birth_date" not in wang5


def test_filters_are_the_pages(api, town_admin, flagged):
    client = api(town_admin)

    def names(**params) -> list[str]:
        response = client.get(GAPS, {"campaign": flagged.campaign.pk, **params})
        assert response.status_code == 200, response.json()
        return [i["name"] for i in response.json()["items"]]

    assert names(region=flagged.g1.code) == ["王五", "李四"]
    assert names(flag="elderly70") == ["吴九"]
    assert names(party="true") == ["钱一"]
    assert names(page_size=2, page=2) == ["钱一", "郑十"]


def test_gap_households(api, town_admin, flagged):
    response = api(town_admin).get(f"{GAPS}/households", {"campaign": flagged.campaign.pk})

    assert response.status_code == 200
    h2, h5 = response.json()["items"]
    assert (h2["id"], h2["head_name"], h2["phone_masked"], h2["priority"], h2["reasons"]) == (
        flagged.households.h2.pk,
        "王五",
        "138****1234",
        4,
        ["体弱多病"],
    )
    assert [(m["name"], m["reasons"]) for m in h2["members"]] == [("王五", ["体弱多病"])]
    assert (h5["head_name"], h5["region"]) == ("钱一", flagged.b.code)


def test_bad_input_is_a_400(api, town_admin, flagged):
    client = api(town_admin)

    missing = client.get(GAPS)
    bad_flag = client.get(GAPS, {"campaign": flagged.campaign.pk, "flag": "elderly"})
    unknown = client.get(GAPS, {"campaign": 999999})

    assert (missing.status_code, missing.json()["code"]) == (400, "invalid")
    assert (bad_flag.status_code, bad_flag.json()["code"]) == (400, "invalid")
    assert (unknown.status_code, unknown.json()["code"]) == (400, "campaign_unknown")


def test_another_villages_secretary_sees_only_their_own(api, secretary_b, flagged):
    client = api(secretary_b)

    own = client.get(GAPS, {"campaign": flagged.campaign.pk})
    other = client.get(GAPS, {"campaign": flagged.campaign.pk, "region": flagged.a.code})

    assert [i["name"] for i in own.json()["items"]] == ["钱一"]
    assert (other.status_code, other.json()["code"]) == (400, "region_unknown")


def test_a_campaign_out_of_scope_is_unknown(api, tree, flagged):
    other = user_with_role(Role.VILLAGE_SECRETARY, tree["other_village"], username="other")
    elsewhere = CampaignFactory(region=tree["other_town"])

    response = api(other).get(GAPS, {"campaign": flagged.campaign.pk})

    assert (response.status_code, response.json()["code"]) == (400, "campaign_unknown")
    assert api(other).get(GAPS, {"campaign": elsewhere.pk}).json()["count"] == 0


def test_volunteers_are_refused(api, volunteer_a, flagged):
    response = api(volunteer_a).get(GAPS, {"campaign": flagged.campaign.pk})

    assert response.status_code == 403
