"""The toolkit's create/edit pages: permission up front, the service's refusal on the
form (nothing saved), success message and redirect."""

from django.urls import reverse

from sanwei.core.models import ActionLog
from sanwei.people.models import Household

from ..factories import HouseholdFactory, PersonFactory


def test_without_the_permission_the_form_is_a_403(login, volunteer_a):
    client = login(volunteer_a)
    assert client.get(reverse("people:household_create")).status_code == 403
    assert client.post(reverse("people:household_create"), {}).status_code == 403


def test_a_service_refusal_lands_on_the_field_and_saves_nothing(login, town_admin, tree):
    household = HouseholdFactory(region=tree["village_a"], number="H1")
    PersonFactory(name="张三", region=tree["village_a"], household=household)
    response = login(town_admin).post(
        reverse("people:household_edit", args=[household.pk]),
        {"region": tree["village_b"].pk, "number": "H1", "address": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["region"] == [
        "该户成员（张三）不在所选的村（社区），请先调整成员"
    ]
    household.refresh_from_db()
    assert household.region == tree["village_a"]
    assert not ActionLog.objects.filter(action_type="sanwei.household.changed").exists()


def test_a_region_outside_the_users_rights_is_refused(login, secretary_a, tree):
    response = login(secretary_a).post(
        reverse("people:household_create"),
        {"region": tree["village_b"].pk, "number": "H9", "address": ""},
    )
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert not Household.unscoped.filter(number="H9").exists()


def test_a_saved_form_says_so_and_goes_to_the_detail_page(login, secretary_a, tree):
    response = login(secretary_a).post(
        reverse("people:household_create"),
        {"region": tree["village_a"].pk, "number": "H7", "address": "东岳观村1组"},
        follow=True,
    )
    household = Household.unscoped.get(number="H7")
    assert response.redirect_chain == [
        (reverse("people:household_detail", args=[household.pk]), 302)
    ]
    assert "已登记新户" in response.content.decode()
