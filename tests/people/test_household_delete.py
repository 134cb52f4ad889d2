"""Deleting a household: refused while it has members, who would lose their household."""

from django.urls import reverse

from sanwei.people.models import Household

from ..factories import HouseholdFactory, PersonFactory


def test_an_empty_household_is_deleted(login, secretary_a, tree):
    household = HouseholdFactory(region=tree["village_a"])
    client = login(secretary_a)
    assert client.get(reverse("people:household_delete", args=[household.pk])).status_code == 200
    response = client.post(reverse("people:household_delete", args=[household.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:household_list")
    assert not Household.unscoped.filter(pk=household.pk).exists()


def test_a_household_with_members_is_not_deleted(login, secretary_a, tree):
    household = HouseholdFactory(region=tree["village_a"])
    member = PersonFactory(region=tree["village_a"], household=household, relation_to_head="head")
    PersonFactory(region=tree["village_a"], household=household, relation_to_head="child")
    response = login(secretary_a).post(
        reverse("people:household_delete", args=[household.pk]), follow=True
    )
    assert response.status_code == 200
    assert "该户还有2名成员，删除后他们将没有所属的户" in response.content.decode()
    assert Household.unscoped.filter(pk=household.pk).exists()
    member.refresh_from_db()
    assert member.household_id == household.pk


def test_the_confirmation_page_warns_about_members(login, secretary_a, tree):
    household = HouseholdFactory(region=tree["village_a"])
    PersonFactory(region=tree["village_a"], household=household)
    response = login(secretary_a).get(reverse("people:household_delete", args=[household.pk]))
    assert "该户还有 1 名成员，不能删除" in response.content.decode()


def test_county_viewer_may_not_delete(login, county_viewer, tree):
    household = HouseholdFactory(region=tree["village_a"])
    response = login(county_viewer).post(reverse("people:household_delete", args=[household.pk]))
    assert response.status_code == 403
    assert Household.unscoped.filter(pk=household.pk).exists()
