"""Editing a person: a blank ID number keeps the stored one; scope and rights decide access."""

import datetime as dt

import pytest
from django.urls import reverse

from sanwei.people.models import Person
from sanwei.people.validation import mask_id_number

from ..factories import PersonFactory, make_id_number

NUMBER = make_id_number(birth=dt.date(1960, 5, 1), gender="M")


@pytest.fixture
def person(tree):
    return PersonFactory(
        name="张三",
        region=tree["village_a"],
        id_number=NUMBER,
        birth_date=dt.date(1960, 5, 1),
        gender="M",
        phone="13800001234",
    )


def _form_data(person_data, person, **overrides):
    data = person_data(
        name=person.name,
        gender=person.gender,
        birth_date=person.birth_date.isoformat(),
        phone="138****1234",
    )
    data.update(overrides)
    return data


def test_edit_form_shows_the_stored_numbers_masked_only(login, secretary_a, person):
    response = login(secretary_a).get(reverse("people:person_edit", args=[person.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert mask_id_number(NUMBER) in content
    assert "138****1234" in content
    assert NUMBER not in content
    assert "13800001234" not in content


def test_blank_id_number_on_edit_keeps_the_stored_one(login, secretary_a, person_data, person):
    response = login(secretary_a).post(
        reverse("people:person_edit", args=[person.pk]),
        _form_data(person_data, person, name="张三丰", id_number=""),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "张三丰"
    assert person.id_number == NUMBER
    assert person.phone == "13800001234"
    assert "zhangsanfeng" in person.search_text


def test_a_new_phone_replaces_and_a_blank_phone_removes_it(login, secretary_a, person_data, person):
    client = login(secretary_a)
    url = reverse("people:person_edit", args=[person.pk])
    assert client.post(url, _form_data(person_data, person, phone="13912345678")).status_code == 302
    person.refresh_from_db()
    assert person.phone == "13912345678"
    assert client.post(url, _form_data(person_data, person, phone="")).status_code == 302
    person.refresh_from_db()
    assert person.phone == ""


def test_a_new_id_number_on_edit_replaces_the_stored_one(login, secretary_a, person_data, person):
    new_number = make_id_number(birth=dt.date(1960, 5, 1), gender="M")
    response = login(secretary_a).post(
        reverse("people:person_edit", args=[person.pk]),
        _form_data(person_data, person, id_number=new_number),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.id_number == new_number


def test_a_birth_date_contradicting_the_stored_id_is_refused(
    login, secretary_a, person_data, person
):
    response = login(secretary_a).post(
        reverse("people:person_edit", args=[person.pk]),
        _form_data(person_data, person, birth_date="1970-01-01"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["birth_date"] == [
        "出生日期（1970-01-01）与身份证号码中的出生日期（1960-05-01）不一致"
    ]
    person.refresh_from_db()
    assert person.birth_date == dt.date(1960, 5, 1)


def test_secretary_of_another_village_gets_404(login, secretary_b, person_data, person):
    client = login(secretary_b)
    url = reverse("people:person_edit", args=[person.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _form_data(person_data, person, name="x")).status_code == 404
    assert client.get(reverse("people:person_detail", args=[person.pk])).status_code == 404
    person.refresh_from_db()
    assert person.name == "张三"


def test_county_viewer_reads_but_may_not_edit(login, county_viewer, person_data, person):
    client = login(county_viewer)
    assert client.get(reverse("people:person_detail", args=[person.pk])).status_code == 200
    url = reverse("people:person_edit", args=[person.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _form_data(person_data, person, name="x")).status_code == 403
    person.refresh_from_db()
    assert person.name == "张三"


def test_moving_a_person_to_a_village_the_user_may_not_change_is_refused(
    login, secretary_a, person_data, person, tree
):
    response = login(secretary_a).post(
        reverse("people:person_edit", args=[person.pk]),
        _form_data(person_data, person, region=tree["village_b"].pk),
    )
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert Person.unscoped.get(pk=person.pk).region == tree["village_a"]
