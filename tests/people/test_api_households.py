"""The household API."""

import pytest

from sanwei.people.models import Household

from ..factories import HouseholdFactory, PersonFactory

URL = "/api/v1/people/households"


@pytest.fixture
def household(tree):
    household = HouseholdFactory(region=tree["village_a"], number="H-1")
    PersonFactory(
        name="张三",
        region=tree["village_a"],
        household=household,
        relation_to_head="head",
        phone="13800001234",
    )
    return household


def test_list_and_search_by_head(api_as, town_admin, household, tree):
    other = HouseholdFactory(region=tree["village_b"])
    PersonFactory(name="李四", region=tree["village_b"], household=other, relation_to_head="head")
    api = api_as(town_admin)
    body = api.get(URL).json()
    assert body["count"] == 2
    assert {i["head_name"] for i in api.get(URL, {"q": "zs"}).json()["items"]} == {"张三"}
    assert {i["head_name"] for i in api.get(URL, {"region": "430821104202"}).json()["items"]} == {
        "李四"
    }


def test_detail_lists_members_and_hides_phones(api_as, secretary_a, household):
    response = api_as(secretary_a).get(f"{URL}/{household.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["head_name"] == "张三"
    assert body["member_count"] == 1
    assert body["members"][0]["relation_to_head"] == "head"
    assert "13800001234" not in response.content.decode()


def test_create_update_delete(api_as, secretary_a):
    api = api_as(secretary_a)
    response = api.post(URL, {"region": "430821104201", "number": "H-9", "address": "老屋场"})
    assert response.status_code == 201
    pk = response.json()["id"]
    response = api.patch(f"{URL}/{pk}", {"address": "新屋场"})
    assert response.status_code == 200
    assert Household.unscoped.get(pk=pk).address == "新屋场"
    assert api.delete(f"{URL}/{pk}").status_code == 204
    assert not Household.unscoped.filter(pk=pk).exists()


def test_delete_with_members_answers_400(api_as, secretary_a, household):
    response = api_as(secretary_a).delete(f"{URL}/{household.pk}")
    assert response.status_code == 400
    assert response.json()["code"] == "household_in_use"
    assert Household.unscoped.filter(pk=household.pk).exists()


def test_create_person_in_a_household_of_another_scope_answers_400(api_as, secretary_a, tree):
    foreign = HouseholdFactory(region=tree["village_b"])
    response = api_as(secretary_a).post(
        "/api/v1/people/",
        {"name": "王五", "region": "430821104201", "household_id": foreign.pk},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "household_unknown"


def test_second_head_through_the_api_answers_400(api_as, secretary_a, household):
    response = api_as(secretary_a).post(
        "/api/v1/people/",
        {
            "name": "李四",
            "region": "430821104201",
            "household_id": household.pk,
            "relation_to_head": "head",
        },
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "household_has_head",
        "message": "该户已有户主：张三",
        "field": "relation_to_head",
    }
