"""Bad input on the person form: a Chinese message on the field, and nothing saved."""

import datetime as dt

import pytest
from django.urls import reverse

from sanwei.core.models import ActionLog
from sanwei.people.models import Person
from sanwei.people.validation import mask_id_number

from ..factories import PersonFactory, make_id_number


def _wrong_check_digit(number: str) -> str:
    return number[:-1] + ("0" if number[-1] != "0" else "1")


MALE_1960 = make_id_number(birth=dt.date(1960, 5, 1), gender="M")

CASES = [
    ("id_number", {"id_number": _wrong_check_digit(MALE_1960)}, "身份证号码校验位错误"),
    ("id_number", {"id_number": "43082119600501"}, "身份证号码应为18位，当前为14位"),
    (
        "id_number",
        {"id_number": "43082119601301001X"},
        "身份证号码中的出生日期无效",
    ),
    (
        "id_number",
        {"id_number": MALE_1960, "birth_date": "1980-01-01"},
        "出生日期（1980-01-01）与身份证号码中的出生日期（1960-05-01）不一致",
    ),
    (
        "id_number",
        {"id_number": MALE_1960, "gender": "F"},
        "性别（女）与身份证号码中的性别（男）不一致",
    ),
    ("phone", {"phone": "12345"}, "手机号码格式错误，应为以1开头的11位大陆手机号码"),
    ("birth_date", {"birth_date": "2020-13-45"}, "输入一个有效的日期。"),
    (
        "party_joined_on",
        {"party_status": "", "party_joined_on": "2001-07-01"},
        "非党员不能填写入党时间",
    ),
    ("name", {"name": ""}, "这个字段是必填项。"),
    (
        "relation_to_head",
        {"relation_to_head": "head"},
        "未选择户，不能填写与户主关系",
    ),
]


@pytest.mark.parametrize(("field", "overrides", "message"), CASES)
def test_bad_input_is_refused_with_a_chinese_message_and_nothing_saved(
    login, secretary_a, person_data, field, overrides, message
):
    response = login(secretary_a).post(reverse("people:person_create"), person_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert not Person.unscoped.exists()
    assert not ActionLog.objects.filter(action_type__startswith="sanwei.person").exists()


def test_duplicate_id_number_names_the_existing_person_masked(login, town_admin, person_data, tree):
    number = make_id_number()
    PersonFactory(name="王建国", region=tree["village_b"], id_number=number)
    response = login(town_admin).post(
        reverse("people:person_create"), person_data(name="王建国二", id_number=number)
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["id_number"]
    assert message == f"该身份证号码已登记：王建国（双岗村，{mask_id_number(number)}）"
    assert "430***************" in message
    assert Person.unscoped.count() == 1


def test_duplicate_id_number_is_found_whatever_its_spelling(login, secretary_a, person_data, tree):
    number = make_id_number()
    PersonFactory(name="王建国", region=tree["village_a"], id_number=number)
    spaced = f" {number[:6]} {number[6:14]} {number[14:]} "
    response = login(secretary_a).post(
        reverse("people:person_create"), person_data(name="王二", id_number=spaced)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"][0].startswith("该身份证号码已登记：王建国")
    assert Person.unscoped.count() == 1
