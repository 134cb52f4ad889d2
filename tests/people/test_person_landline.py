"""A person's landline: entered on the form or through the API, stored as 0744-1234567,
shown masked like the phone, exported under 固定电话."""

import datetime as dt

from django.urls import reverse

from sanwei.people.models import Person

from ..factories import PersonFactory


def test_the_form_stores_a_landline_as_written_and_shows_it_masked(login, secretary_a, person_data):
    client = login(secretary_a)

    response = client.post(reverse("people:person_create"), person_data(landline="(0744)1234567"))

    assert response.status_code == 302
    person = Person.unscoped.get()
    assert person.landline == "0744-1234567"
    edit = client.get(reverse("people:person_edit", args=[person.pk])).content.decode()
    assert "0744-****567" in edit and "1234567" not in edit
    detail = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert "0744-****567" in detail and "1234567" not in detail


def test_sending_the_masked_landline_back_keeps_it(login, secretary_a, person_data, tree):
    person = PersonFactory(region=tree["village_a"], name="张三", landline="0744-1234567")

    response = login(secretary_a).post(
        reverse("people:person_edit", args=[person.pk]),
        person_data(name="张三", landline="0744-****567", notes="改了备注"),
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.landline, person.notes) == ("0744-1234567", "改了备注")


def test_a_malformed_landline_is_a_form_error(login, secretary_a, person_data):
    response = login(secretary_a).post(
        reverse("people:person_create"), person_data(landline="1234")
    )

    assert response.status_code == 200  # the form again, with the error
    assert "固定电话格式错误，应为区号加7或8位号码，如0744-1234567" in response.content.decode()
    assert not Person.unscoped.exists()


def test_the_api_takes_a_landline_and_answers_it_masked(api_as, secretary_a, tree):
    api = api_as(secretary_a)

    response = api.post(
        "/api/v1/people/",
        {"name": "李四", "region": tree["village_a"].code, "landline": "07441234567"},
    )

    assert response.status_code == 201
    body = response.json()
    assert body["landline_masked"] == "0744-****567"
    assert "0744-1234567" not in response.content.decode()
    assert Person.unscoped.get().landline == "0744-1234567"
    bad = api.post(
        "/api/v1/people/", {"name": "王五", "region": tree["village_a"].code, "landline": "12"}
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "landline"


def test_the_persons_export_has_the_landline_masked_unless_unmasked(login, town_admin, tree):
    from sanwei.exports.base import ExportContext
    from sanwei.exports.exporters import PersonsExporter

    PersonFactory(
        region=tree["village_a"],
        name="张三",
        landline="0744-1234567",
        birth_date=dt.date(1960, 1, 1),
    )
    exporter = PersonsExporter()
    header = [str(c.header) for c in exporter.columns]
    column = header.index("固定电话")

    masked = list(exporter.iterate_rows(ExportContext(user=town_admin)))
    unmasked = list(exporter.iterate_rows(ExportContext(user=town_admin, unmask=True)))

    assert (masked[0][column], unmasked[0][column]) == ("0744-****567", "0744-1234567")
