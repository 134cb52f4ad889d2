"""Creating or editing a person is no oracle for ID numbers: a village secretary who enters
the ID number of a resident of another village gets exactly what a number registered
nowhere gets (same status, same message, one more person), on the page and the API. The
number is stored without the hash that keeps numbers unique, and the conflict is logged
for the town office. A user who may see the holder is refused with the holder named."""

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from sanwei.core.models import ActionLog
from sanwei.people.models import IdConflict, Person

from ..factories import PersonFactory, make_id_number

BIRTH = dt.date(1975, 3, 9)
ELSEWHERE = make_id_number(birth=BIRTH)
NOWHERE = make_id_number(birth=BIRTH)


@pytest.fixture
def holder_in_village_b(tree):
    return PersonFactory(name="王建国", region=tree["village_b"], id_number=ELSEWHERE)


def _conflicts() -> list[dict]:
    return [log.data for log in ActionLog.objects.filter(action_type="sanwei.person.id_conflict")]


def _create_on_page(client, person_data, number: str) -> tuple:
    before = Person.unscoped.count()
    response = client.post(
        reverse("people:person_create"), person_data(name="王二", id_number=number)
    )
    person = Person.unscoped.order_by("-pk").first()
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    location = response.get("Location", "").replace(str(person.pk), "PK")
    detail = client.get(reverse("people:person_detail", args=[person.pk]))
    shown = detail.content.decode().replace(f"/{person.pk}/", "/PK/")
    shown = re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]*"', "", shown)
    return response.status_code, location, messages, Person.unscoped.count() - before, shown


def test_page_create_with_a_number_of_another_village_answers_as_one_registered_nowhere(
    login, secretary_a, person_data, holder_in_village_b
):
    client = login(secretary_a)
    elsewhere = _create_on_page(client, person_data, ELSEWHERE)
    Person.unscoped.filter(name="王二").delete()
    nowhere = _create_on_page(client, person_data, NOWHERE)

    assert elsewhere[:4] == (302, "/people/PK/", ["已登记群众“王二”"], 1)
    assert elsewhere == nowhere
    assert "王建国" not in elsewhere[4]


def test_the_number_of_another_village_is_stored_unhashed_and_logged_for_the_town_office(
    login, secretary_a, person_data, holder_in_village_b, tree
):
    login(secretary_a).post(
        reverse("people:person_create"), person_data(name="王二", id_number=ELSEWHERE)
    )

    new = Person.unscoped.get(name="王二")
    assert (new.id_number, new.id_number_hash) == (ELSEWHERE, None)
    holder_in_village_b.refresh_from_db()
    assert holder_in_village_b.id_number_hash is not None
    conflict = IdConflict.unscoped.get()
    assert (conflict.person, conflict.holder, conflict.status, conflict.source) == (
        new,
        holder_in_village_b,
        "open",
        "form",
    )
    assert _conflicts() == [
        {
            "person": new.pk,
            "region": "430821104201",
            "holder": holder_in_village_b.pk,
            "holder_region": tree["village_b"].code,
            "conflict": conflict.pk,
        }
    ]


def test_page_edit_with_a_number_of_another_village_answers_as_one_registered_nowhere(
    login, secretary_a, person_data, holder_in_village_b, tree
):
    client = login(secretary_a)
    answers = []
    for number in (ELSEWHERE, NOWHERE):
        person = PersonFactory(name="王二", region=tree["village_a"], birth_date=BIRTH)
        response = client.post(
            reverse("people:person_edit", args=[person.pk]),
            person_data(name="王二", id_number=number),
        )
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        client.get(response["Location"])  # shows (and so clears) the message
        person.refresh_from_db()
        answers.append(
            (response.status_code, response["Location"].replace(str(person.pk), "PK"), messages)
        )
        assert person.id_number == number

    assert answers[0] == (302, "/people/PK/", ["已保存群众“王二”"])
    assert answers[0] == answers[1]
    assert len(_conflicts()) == 1


def _api_create(api, number: str) -> tuple:
    response = api.post(
        "/api/v1/people/", {"name": "王二", "region": "430821104201", "id_number": number}
    )
    body = response.json()
    for key in ("id", "created_at", "updated_at"):
        body.pop(key, None)
    return response.status_code, body


def test_api_create_with_a_number_of_another_village_answers_as_one_registered_nowhere(
    api_as, secretary_a, holder_in_village_b
):
    api = api_as(secretary_a)
    elsewhere = _api_create(api, ELSEWHERE)
    Person.unscoped.filter(name="王二").delete()
    nowhere = _api_create(api, NOWHERE)

    assert elsewhere[0] == 201
    assert elsewhere[1]["id_number_masked"] == nowhere[1]["id_number_masked"]
    assert elsewhere == nowhere
    assert "王建国" not in str(elsewhere)


def test_api_edit_with_a_number_of_another_village_answers_as_one_registered_nowhere(
    api_as, secretary_a, holder_in_village_b, tree
):
    api = api_as(secretary_a)
    answers = []
    for number in (ELSEWHERE, NOWHERE):
        person = PersonFactory(name="王二", region=tree["village_a"], birth_date=BIRTH)
        response = api.patch(f"/api/v1/people/{person.pk}", {"id_number": number})
        body = response.json()
        assert response.status_code == 200, body
        assert body.pop("id") == person.pk
        for key in ("created_at", "updated_at"):
            body.pop(key)
        answers.append((response.status_code, body))

    assert answers[0][0] == 200
    assert answers[0] == answers[1]


def test_form_names_a_person_inside_the_scope(login, town_admin, person_data, holder_in_village_b):
    response = login(town_admin).post(
        reverse("people:person_create"), person_data(name="王二", id_number=ELSEWHERE)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["id_number"] == [
        "该身份证号码已登记：王建国（双岗村，430***************）"
    ]
    assert Person.unscoped.count() == 1


def test_api_names_a_person_inside_the_scope(api_as, town_admin, holder_in_village_b):
    response = api_as(town_admin).post(
        "/api/v1/people/", {"name": "王二", "region": "430821104201", "id_number": ELSEWHERE}
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "id_duplicate",
        "message": "该身份证号码已登记：王建国（双岗村，430***************）",
        "field": "id_number",
    }
    assert Person.unscoped.count() == 1
