"""Creating, viewing and editing households."""

import pytest
from django.urls import reverse

from sanwei.core.models import ActionLog
from sanwei.people.models import Household

from ..factories import HouseholdFactory, PersonFactory


def test_create_household(login, secretary_a, tree):
    response = login(secretary_a).post(
        reverse("people:household_create"),
        {"region": tree["village_a"].pk, "number": "H-100", "address": "东岳观村3组"},
    )
    assert response.status_code == 302
    household = Household.unscoped.get(number="H-100")
    assert response["Location"] == reverse("people:household_detail", args=[household.pk])
    assert household.region == tree["village_a"]
    assert ActionLog.objects.filter(action_type="sanwei.household.created").count() == 1


def test_create_in_another_village_is_refused(login, secretary_a, tree):
    response = login(secretary_a).post(
        reverse("people:household_create"), {"region": tree["village_b"].pk, "number": "H-1"}
    )
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert not Household.unscoped.exists()


def test_county_viewer_may_not_create(login, county_viewer, tree):
    response = login(county_viewer).post(
        reverse("people:household_create"), {"region": tree["village_a"].pk}
    )
    assert response.status_code == 403
    assert not Household.unscoped.exists()


@pytest.fixture
def household(tree):
    household = HouseholdFactory(region=tree["village_a"], number="H-1", address="老屋场")
    PersonFactory(
        name="张三", region=tree["village_a"], household=household, relation_to_head="head"
    )
    PersonFactory(
        name="李梅", region=tree["village_a"], household=household, relation_to_head="spouse"
    )
    return household


def test_detail_lists_members_with_relation(login, secretary_a, household):
    response = login(secretary_a).get(reverse("people:household_detail", args=[household.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "张三户" in content
    assert "李梅" in content
    assert "配偶" in content
    assert "老屋场" in content
    assert f"{reverse('people:person_create')}?household={household.pk}" in content


def test_add_member_link_preselects_the_household(login, secretary_a, household):
    response = login(secretary_a).get(reverse("people:person_create"), {"household": household.pk})
    form = response.context["form"]
    assert form.initial["household"] == household.pk
    assert form.initial["region"] == household.region_id


def test_edit_household(login, secretary_a, household):
    response = login(secretary_a).post(
        reverse("people:household_edit", args=[household.pk]),
        {"region": household.region_id, "number": "H-2", "address": "新屋场"},
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert (household.number, household.address) == ("H-2", "新屋场")


def test_moving_a_household_away_from_its_members_village_is_refused(
    login, town_admin, household, tree
):
    response = login(town_admin).post(
        reverse("people:household_edit", args=[household.pk]),
        {"region": tree["village_b"].pk, "number": "H-1", "address": ""},
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["region"]
    assert message.startswith("该户成员（")
    assert "不在所选的村（社区）" in message
    household.refresh_from_db()
    assert household.region == tree["village_a"]


def test_other_village_gets_404(login, secretary_b, household):
    client = login(secretary_b)
    assert client.get(reverse("people:household_detail", args=[household.pk])).status_code == 404
    assert client.get(reverse("people:household_edit", args=[household.pk])).status_code == 404


def test_county_viewer_reads_but_may_not_edit(login, county_viewer, household):
    client = login(county_viewer)
    assert client.get(reverse("people:household_detail", args=[household.pk])).status_code == 200
    assert client.get(reverse("people:household_edit", args=[household.pk])).status_code == 403
