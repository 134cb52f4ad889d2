"""Registering a person through the page: the ID number fills in birth date and gender."""

import datetime as dt
import json

from django.urls import reverse

from sanwei.core.models import ActionLog
from sanwei.people.models import Person
from sanwei.regions.models import RegionLevel

from ..factories import RegionFactory, make_id_number


def test_create_derives_birth_date_and_gender_from_the_id_number(
    login, secretary_a, person_data, tree
):
    number = make_id_number(birth=dt.date(1958, 3, 9), gender="F")
    response = login(secretary_a).post(
        reverse("people:person_create"),
        person_data(name="李秀英", id_number=number, phone="138 0000 1234"),
    )
    assert response.status_code == 302
    person = Person.unscoped.get(name="李秀英")
    assert response["Location"] == reverse("people:person_detail", args=[person.pk])
    assert person.birth_date == dt.date(1958, 3, 9)
    assert person.gender == "F"
    assert person.id_number == number
    assert person.phone == "13800001234"
    assert person.region == tree["village_a"]
    assert "lixiuying" in person.search_text


def test_create_is_logged_without_personal_data(login, secretary_a, person_data):
    number = make_id_number()
    login(secretary_a).post(
        reverse("people:person_create"), person_data(id_number=number, phone="13800001234")
    )
    log = ActionLog.objects.get(action_type="sanwei.person.created")
    assert log.user == secretary_a
    dumped = json.dumps(log.data, ensure_ascii=False)
    assert number not in dumped
    assert "13800001234" not in dumped


def test_create_shows_a_success_message_after_redirect(login, secretary_a, person_data):
    response = login(secretary_a).post(
        reverse("people:person_create"), person_data(name="王五"), follow=True
    )
    assert response.status_code == 200
    assert "已登记群众“王五”" in response.content.decode()


def test_create_without_id_number_is_allowed(login, secretary_a, person_data):
    response = login(secretary_a).post(
        reverse("people:person_create"), person_data(name="赵六", gender="M")
    )
    assert response.status_code == 302
    person = Person.unscoped.get(name="赵六")
    assert person.id_number == ""
    assert person.id_number_hash is None


def test_region_choices_are_the_villages_the_user_may_change(login, secretary_a, town_admin, tree):
    response = login(secretary_a).get(reverse("people:person_create"))
    assert response.status_code == 200
    regions = set(response.context["form"].fields["region"].queryset)
    assert regions == {tree["village_a"]}

    response = login(town_admin).get(reverse("people:person_create"))
    regions = set(response.context["form"].fields["region"].queryset)
    assert regions == {tree["village_a"], tree["village_b"]}


def test_create_in_a_region_outside_the_users_villages_is_refused(
    login, secretary_a, person_data, tree
):
    response = login(secretary_a).post(
        reverse("people:person_create"), person_data(region=tree["village_b"].pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["region"] == [
        "选择一个有效的选项： 该选择不在可用的选项中。"
    ]
    assert not Person.unscoped.exists()


def test_county_viewer_may_not_open_the_create_page(login, county_viewer, person_data):
    client = login(county_viewer)
    assert client.get(reverse("people:person_create")).status_code == 403
    assert client.post(reverse("people:person_create"), person_data()).status_code == 403
    assert not Person.unscoped.exists()


def test_villagers_groups_are_offered_with_their_village(login, secretary_a, person_data, tree):
    group = RegionFactory(
        code="430821104201001", name="一组", level=RegionLevel.GROUP, parent=tree["village_a"]
    )
    client = login(secretary_a)
    response = client.get(reverse("people:person_create"))
    assert "东岳观村 · 一组" in response.content.decode()
    response = client.post(reverse("people:person_create"), person_data(region=group.pk))
    assert response.status_code == 302
    assert Person.unscoped.get().region == group
