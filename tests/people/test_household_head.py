"""A household has at most one head."""

from django.urls import reverse

from sanwei.people.models import Person

from ..factories import HouseholdFactory, PersonFactory


def test_a_second_head_is_refused_naming_the_first(login, secretary_a, person_data, tree):
    household = HouseholdFactory(region=tree["village_a"])
    PersonFactory(
        name="张三", region=tree["village_a"], household=household, relation_to_head="head"
    )
    response = login(secretary_a).post(
        reverse("people:person_create"),
        person_data(name="李四", household=household.pk, relation_to_head="head"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["relation_to_head"] == ["该户已有户主：张三"]
    assert not Person.unscoped.filter(name="李四").exists()


def test_the_head_may_be_saved_again(login, secretary_a, person_data, tree):
    household = HouseholdFactory(region=tree["village_a"])
    head = PersonFactory(
        name="张三", region=tree["village_a"], household=household, relation_to_head="head"
    )
    response = login(secretary_a).post(
        reverse("people:person_edit", args=[head.pk]),
        person_data(
            name="张三",
            gender="M",
            birth_date="1970-01-01",
            household=household.pk,
            relation_to_head="head",
            notes="老党员",
        ),
    )
    assert response.status_code == 302
    head.refresh_from_db()
    assert head.notes == "老党员"


def test_a_household_in_another_village_is_refused(login, town_admin, person_data, tree):
    household = HouseholdFactory(region=tree["village_b"])
    response = login(town_admin).post(
        reverse("people:person_create"),
        person_data(region=tree["village_a"].pk, household=household.pk, relation_to_head="child"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["household"] == ["所选的户不在该群众所在的村（社区）"]
    assert not Person.unscoped.exists()


def test_household_choices_are_in_the_users_villages(login, secretary_a, tree):
    mine = HouseholdFactory(region=tree["village_a"])
    HouseholdFactory(region=tree["village_b"])
    response = login(secretary_a).get(reverse("people:person_create"))
    assert set(response.context["form"].fields["household"].queryset) == {mine}
