"""A taken ID number is refused; who holds it is told only to a caller who may see that
person. Otherwise the check would enumerate other villages' residents: the message says the
number is registered elsewhere and whom to ask, from the form, the API and the import."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanwei.imports.models import ImportJob
from sanwei.people.models import Person

from ..factories import PersonFactory, make_id_number
from ..imports.conftest import write_xlsx

ELSEWHERE = "该身份证号码已在其他地方登记，请联系乡镇办公室核实"
NUMBER = make_id_number(birth=dt.date(1975, 3, 9))


@pytest.fixture
def holder_in_village_b(tree):
    return PersonFactory(name="王建国", region=tree["village_b"], id_number=NUMBER)


def _form_error(client, person_data) -> str:
    response = client.post(
        reverse("people:person_create"), person_data(name="王二", id_number=NUMBER)
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["id_number"]
    assert message in response.content.decode()
    return message


def test_form_says_only_registered_elsewhere_for_a_person_outside_the_scope(
    login, secretary_a, person_data, holder_in_village_b
):
    client = login(secretary_a)
    response = client.post(
        reverse("people:person_create"), person_data(name="王二", id_number=NUMBER)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["id_number"] == [ELSEWHERE]
    html = response.content.decode()
    assert "王建国" not in html
    assert "双岗村" not in html
    assert Person.unscoped.count() == 1


def test_form_names_a_person_inside_the_scope(login, town_admin, person_data, holder_in_village_b):
    message = _form_error(login(town_admin), person_data)
    assert message == "该身份证号码已登记：王建国（双岗村，430***************）"
    assert Person.unscoped.count() == 1


def test_api_says_only_registered_elsewhere_for_a_person_outside_the_scope(
    api_as, secretary_a, holder_in_village_b
):
    response = api_as(secretary_a).post(
        "/api/v1/people/", {"name": "王二", "region": "430821104201", "id_number": NUMBER}
    )

    assert response.status_code == 400
    assert response.json() == {"code": "id_duplicate", "message": ELSEWHERE, "field": "id_number"}
    assert "王建国" not in response.content.decode()
    assert Person.unscoped.count() == 1


def test_api_names_a_person_inside_the_scope(api_as, town_admin, holder_in_village_b):
    response = api_as(town_admin).post(
        "/api/v1/people/", {"name": "王二", "region": "430821104201", "id_number": NUMBER}
    )

    assert response.status_code == 400
    assert response.json()["message"] == "该身份证号码已登记：王建国（双岗村，430***************）"


def _upload(client, tmp_path, region):
    rows = [["姓名", "身份证号", "村（社区）"], ["王二", NUMBER, "东岳观村"]]
    path = write_xlsx(tmp_path / "名单.xlsx", rows)
    response = client.post(
        reverse("imports:import_create"),
        {
            "kind": "persons",
            "region": region.pk,
            "file": SimpleUploadedFile("名单.xlsx", path.read_bytes()),
        },
    )
    assert response.status_code == 302
    return client.get(response["Location"])


def test_import_preview_says_only_registered_elsewhere_for_a_person_outside_the_scope(
    login, secretary_a, tree, holder_in_village_b, tmp_path
):
    page = _upload(login(secretary_a), tmp_path, tree["village_a"])

    assert page.status_code == 200
    job = ImportJob.unscoped.get()
    assert job.errors == [{"line": 2, "messages": [ELSEWHERE]}]
    html = page.content.decode()
    assert ELSEWHERE in html
    assert "王建国" not in html
    assert "双岗村" not in html


def test_import_preview_names_a_person_inside_the_scope(
    login, town_admin, tree, holder_in_village_b, tmp_path
):
    page = _upload(login(town_admin), tmp_path, tree["village_a"])

    assert page.status_code == 200
    [error] = ImportJob.unscoped.get().errors
    assert error["messages"] == [
        "该身份证号码已登记：王建国（双岗村），不在东岳观村的范围内，不能导入"
    ]
