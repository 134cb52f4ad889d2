"""The people API: list, create, read, update, delete; token or session; masked output."""

import datetime as dt

import pytest

from sanwei.core.models import ActionLog
from sanwei.people.models import Person
from sanwei.people.validation import mask_id_number

from ..factories import AttendanceFactory, PersonFactory, make_id_number

URL = "/api/v1/people/"
NUMBER = make_id_number(birth=dt.date(1960, 5, 1))


@pytest.fixture
def person(tree):
    return PersonFactory(
        name="张三",
        region=tree["village_a"],
        id_number=NUMBER,
        birth_date=dt.date(1960, 5, 1),
        phone="13800001234",
    )


def test_list_with_token(api_as, secretary_a, person, tree):
    PersonFactory(name="外村人", region=tree["other_village"])
    response = api_as(secretary_a).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["name"] == "张三"
    assert item["region"] == "430821104201"
    assert item["id_number_masked"] == mask_id_number(NUMBER)
    assert item["phone_masked"] == "138****1234"
    assert item["is_elderly"] is True


def test_list_output_never_holds_full_id_or_phone(api_as, secretary_a, person):
    content = api_as(secretary_a).get(URL).content.decode()
    assert NUMBER not in content
    assert "13800001234" not in content
    detail = api_as(secretary_a).get(f"{URL}{person.pk}").content.decode()
    assert NUMBER not in detail
    assert "13800001234" not in detail


def test_list_filters_region_search_and_party(api_as, town_admin, person, tree):
    PersonFactory(name="李四", region=tree["village_b"], party_status="formal")
    api = api_as(town_admin)
    names = lambda r: {i["name"] for i in r.json()["items"]}  # noqa: E731
    assert names(api.get(URL, {"region": "430821104202"})) == {"李四"}
    assert names(api.get(URL, {"q": "zhangsan"})) == {"张三"}
    assert names(api.get(URL, {"q": "1234"})) == {"张三"}
    assert names(api.get(URL, {"party": "true"})) == {"李四"}
    assert names(api.get(URL, {"party": "false"})) == {"张三"}
    assert names(api.get(URL, {"elderly": "true"})) == {"张三"}


def test_list_is_paginated(api_as, secretary_a, tree):
    for i in range(51):
        PersonFactory(name=f"人{i}", region=tree["village_a"])
    api = api_as(secretary_a)
    first = api.get(URL).json()
    assert first["count"] == 51
    assert len(first["items"]) == 50
    assert len(api.get(URL, {"page": 2}).json()["items"]) == 1


def test_list_with_an_unknown_region_answers_400(api_as, secretary_a):
    response = api_as(secretary_a).get(URL, {"region": "430821105201"})
    assert response.status_code == 400
    assert response.json()["code"] == "region_unknown"


def test_create_accepts_the_id_number_and_answers_masked(api_as, secretary_a):
    number = make_id_number(birth=dt.date(1958, 3, 9), gender="F")
    response = api_as(secretary_a).post(
        URL,
        {"name": "李秀英", "region": "430821104201", "id_number": number, "phone": "13800005678"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["birth_date"] == "1958-03-09"
    assert body["gender"] == "F"
    assert body["id_number_masked"] == mask_id_number(number)
    assert body["phone_masked"] == "138****5678"
    assert number not in response.content.decode()
    assert "13800005678" not in response.content.decode()
    person = Person.unscoped.get(pk=body["id"])
    assert person.id_number == number
    assert ActionLog.objects.filter(action_type="sanwei.person.created").count() == 1


def test_create_with_a_bad_id_answers_400_with_code_message_field(api_as, secretary_a):
    response = api_as(secretary_a).post(
        URL, {"name": "李四", "region": "430821104201", "id_number": NUMBER[:-1] + "Y"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "id_format",
        "message": "身份证号码格式错误：前17位应为数字，最后一位应为数字或X",
        "field": "id_number",
    }
    assert not Person.unscoped.exists()


def test_create_with_a_duplicate_id_names_the_person_masked(api_as, secretary_a, person):
    response = api_as(secretary_a).post(
        URL, {"name": "李四", "region": "430821104201", "id_number": NUMBER}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "id_duplicate"
    assert body["message"] == f"该身份证号码已登记：张三（东岳观村，{mask_id_number(NUMBER)}）"
    assert Person.unscoped.count() == 1


def test_create_with_a_bad_choice_answers_400(api_as, secretary_a):
    response = api_as(secretary_a).post(
        URL, {"name": "李四", "region": "430821104201", "party_status": "nonsense"}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "party_status"
    assert not Person.unscoped.exists()


def test_create_in_a_region_outside_the_scope_answers_400(api_as, secretary_a):
    response = api_as(secretary_a).post(URL, {"name": "李四", "region": "430821104202"})
    assert response.status_code == 400
    assert response.json()["field"] == "region"
    assert not Person.unscoped.exists()


def test_create_at_town_level_answers_400(api_as, town_admin):
    response = api_as(town_admin).post(URL, {"name": "李四", "region": "430821104000"})
    assert response.status_code == 400
    assert response.json()["code"] == "region_unknown"


def test_detail(api_as, secretary_a, person):
    response = api_as(secretary_a).get(f"{URL}{person.pk}")
    assert response.status_code == 200
    assert response.json()["name"] == "张三"


def test_update_changes_only_the_fields_sent(api_as, secretary_a, person):
    response = api_as(secretary_a).patch(f"{URL}{person.pk}", {"notes": "老党员", "is_frail": True})
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.notes == "老党员"
    assert person.is_frail is True
    assert person.id_number == NUMBER
    assert person.phone == "13800001234"
    assert person.name == "张三"


def test_update_with_a_bad_phone_answers_400_and_changes_nothing(api_as, secretary_a, person):
    response = api_as(secretary_a).patch(f"{URL}{person.pk}", {"phone": "123", "notes": "x"})
    assert response.status_code == 400
    assert response.json()["field"] == "phone"
    person.refresh_from_db()
    assert person.phone == "13800001234"
    assert person.notes == ""


def test_delete(api_as, secretary_a, person):
    response = api_as(secretary_a).delete(f"{URL}{person.pk}")
    assert response.status_code == 204
    assert not Person.unscoped.filter(pk=person.pk).exists()


def test_delete_in_use_answers_400(api_as, secretary_a, person, tree):
    AttendanceFactory(person=person, activity__region=tree["village_a"])
    response = api_as(secretary_a).delete(f"{URL}{person.pk}")
    assert response.status_code == 400
    assert response.json()["code"] == "person_in_use"
    assert Person.unscoped.filter(pk=person.pk).exists()


def test_session_authentication_works_too(login, secretary_a, person):
    client = login(secretary_a)
    assert client.get(URL).status_code == 200
    response = client.patch(
        f"{URL}{person.pk}", data={"notes": "经会话修改"}, content_type="application/json"
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.notes == "经会话修改"
