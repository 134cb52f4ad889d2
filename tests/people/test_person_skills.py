"""技能特长 (skills): edited in the person form and the API, shown on the detail page."""

import datetime as dt

import pytest
from django.urls import reverse

from sanwei.people.models import Person

from ..factories import PersonFactory

URL = "/api/v1/people/"


@pytest.fixture
def person(tree):
    return PersonFactory(name="张三", region=tree["village_a"], birth_date=dt.date(1960, 5, 1))


def test_the_form_saves_skills(login, secretary_a, person, person_data):
    data = person_data(birth_date="1960-05-01", skills="  电工、驾驶 ")
    response = login(secretary_a).post(reverse("people:person_edit", args=[person.pk]), data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.skills == "电工、驾驶"


def test_the_form_refuses_overlong_skills(login, secretary_a, person, person_data):
    data = person_data(birth_date="1960-05-01", skills="电" * 201)
    response = login(secretary_a).post(reverse("people:person_edit", args=[person.pk]), data)
    assert response.status_code == 200
    assert "200" in response.content.decode()
    person.refresh_from_db()
    assert person.skills == ""


def test_the_detail_page_shows_skills(login, secretary_a, person):
    Person.unscoped.filter(pk=person.pk).update(skills="木工")
    response = login(secretary_a).get(reverse("people:person_detail", args=[person.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "技能特长" in content and "木工" in content


def test_the_detail_page_leaves_out_empty_skills(login, secretary_a, person):
    response = login(secretary_a).get(reverse("people:person_detail", args=[person.pk]))
    assert response.status_code == 200
    assert "技能特长" not in response.content.decode()


def test_the_api_creates_reads_and_patches_skills(api_as, secretary_a, tree):
    api = api_as(secretary_a)
    response = api.post(URL, {"name": "李四", "region": tree["village_a"].code, "skills": "电工"})
    assert response.status_code == 201
    body = response.json()
    assert body["skills"] == "电工"

    response = api.patch(f"{URL}{body['id']}", {"skills": "电工、厨师"})
    assert response.status_code == 200
    assert response.json()["skills"] == "电工、厨师"
    assert Person.unscoped.get(pk=body["id"]).skills == "电工、厨师"
    assert api.get(f"{URL}{body['id']}").json()["skills"] == "电工、厨师"


def test_the_api_refuses_overlong_skills(api_as, secretary_a, tree):
    response = api_as(secretary_a).post(
        URL, {"name": "李四", "region": tree["village_a"].code, "skills": "电" * 201}
    )
    assert response.status_code in (400, 422)
    assert not Person.unscoped.filter(name="李四").exists()
