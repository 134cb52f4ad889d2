"""A person is written one way: the form, the API, the roster import and the demo builder
store the same ID number, keyed hash, search key, birth date, gender and phone for the
same input (all through `people.services.prepare_person`)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from tqdm import tqdm

from sanwei.core import crypto
from sanwei.demo.builder import _P, _Builder
from sanwei.people.models import Person
from sanwei.people.services import CheckedId, prepare_person, prepared_values

from ..factories import PersonFactory
from ..imports.conftest import import_file, write_xlsx

NAME = "李秀英"
ENTERED_ID = " 11010519491231002x "  # as typed: spaces, a lower-case x
ENTERED_PHONE = "138 0000 1234"
STORED = {
    "id_number": "11010519491231002X",
    "search_text": "李秀英 lixiuying lxying lixying lxiuying",
    "birth_date": dt.date(1949, 12, 31),  # from the ID number
    "gender": "F",  # sequence 002: even
    "phone": "13800001234",
}


def stored(person: Person) -> dict:
    person = Person.unscoped.get(pk=person.pk)
    assert person.id_number_hash == crypto.keyed_hash("11010519491231002X")
    return {
        "id_number": person.id_number,
        "search_text": person.search_text,
        "birth_date": person.birth_date,
        "gender": person.gender,
        "phone": person.phone,
    }


# --------------------------------------------------------------------------- new people


def create_by_form(request) -> Person:
    client = request.getfixturevalue("login")(request.getfixturevalue("secretary_a"))
    data = request.getfixturevalue("person_data")(
        name=NAME, id_number=ENTERED_ID, phone=ENTERED_PHONE
    )
    response = client.post(reverse("people:person_create"), data)
    assert response.status_code == 302
    return Person.unscoped.get(name=NAME)


def create_by_api(request) -> Person:
    api = request.getfixturevalue("api_as")(request.getfixturevalue("secretary_a"))
    response = api.post(
        "/api/v1/people/",
        {"name": NAME, "region": "430821104201", "id_number": ENTERED_ID, "phone": ENTERED_PHONE},
    )
    assert response.status_code == 201
    return Person.unscoped.get(pk=response.json()["id"])


def import_roster(request) -> Person:
    tmp_path = request.getfixturevalue("tmp_path")
    path = write_xlsx(
        tmp_path / "roster.xlsx",
        [
            ["姓名", "公民身份号码", "联系电话", "村（社区）"],
            [NAME, ENTERED_ID, ENTERED_PHONE, "东岳观村"],
        ],
    )
    tree = request.getfixturevalue("tree")
    job = import_file(path, tree["town"], request.getfixturevalue("town_admin"))
    assert job.status == "committed", job.error_message
    return Person.unscoped.get(name=NAME)


def build_demo_person(request) -> Person:
    """The demo builder's writing step, given this one resident instead of a generated town."""
    tree = request.getfixturevalue("tree")
    builder = _Builder(seed=1, scale=0.02, bar=tqdm(disable=True))
    builder.households = [(0, 0, "0001", "")]
    builder.people = [
        _P(
            idx=0,
            village=0,
            hh=0,
            relation="head",
            name=NAME,
            gender="F",
            birth=dt.date(1949, 12, 31),
            id_number=ENTERED_ID,
            phone=ENTERED_PHONE,
        )
    ]
    _households, persons = builder.write_people([tree["village_a"]])
    return persons[0]


@pytest.mark.parametrize(
    "write",
    [create_by_form, create_by_api, import_roster, build_demo_person],
    ids=lambda f: f.__name__,
)
def test_a_new_person_is_stored_the_same_whoever_writes_it(write, request, tree):
    person = write(request)

    assert stored(person) == STORED
    assert Person.unscoped.count() == 1


# --------------------------------------------------------------------------- changes


@pytest.fixture
def registered(tree):
    """李秀英 registered without an ID number or phone."""
    return PersonFactory(
        name=NAME, region=tree["village_a"], gender="F", birth_date=dt.date(1949, 12, 31)
    )


def edit_by_form(request, person: Person) -> None:
    client = request.getfixturevalue("login")(request.getfixturevalue("secretary_a"))
    data = request.getfixturevalue("person_data")(
        name=NAME, id_number=ENTERED_ID, phone=ENTERED_PHONE
    )
    response = client.post(reverse("people:person_edit", args=[person.pk]), data)
    assert response.status_code == 302


def patch_by_api(request, person: Person) -> None:
    api = request.getfixturevalue("api_as")(request.getfixturevalue("secretary_a"))
    response = api.patch(
        f"/api/v1/people/{person.pk}", {"id_number": ENTERED_ID, "phone": ENTERED_PHONE}
    )
    assert response.status_code == 200


def reimport_roster(request, person: Person) -> None:
    import_roster(request)


@pytest.mark.parametrize(
    "change", [edit_by_form, patch_by_api, reimport_roster], ids=lambda f: f.__name__
)
def test_an_id_number_added_later_is_stored_the_same_whoever_adds_it(change, request, registered):
    change(request, registered)

    assert stored(registered) == STORED
    assert Person.unscoped.count() == 1


# --------------------------------------------------------------------------- checked once


def test_a_number_the_import_preview_checked_is_stored_as_one_entered_by_hand():
    """The import's commit passes the number its preview checked (`CheckedId`): stored
    the same as the number typed in, without being checked a second time."""
    number = "11010519491231002X"
    checked = CheckedId(number, crypto.keyed_hash(number), dt.date(1949, 12, 31), "F")
    by_hand = prepare_person(Person(name=NAME, phone=ENTERED_PHONE), id_number=ENTERED_ID)
    by_import = prepare_person(Person(name=NAME, phone=ENTERED_PHONE), id_number=checked)

    for person in (by_hand, by_import):
        assert crypto.decrypt(person.id_number_encrypted) == number
        assert person.id_number_hash == crypto.keyed_hash(number)
        assert (person.birth_date, person.gender) == (dt.date(1949, 12, 31), "F")
        assert (person.phone, person.search_text) == ("13800001234", STORED["search_text"])


def test_the_values_a_bulk_writer_copies_are_what_prepare_person_stores():
    """The import's COPY writes new people from plain values (`prepared_values`): the same
    stored fields as `prepare_person` on a person with those values."""
    number = "11010519491231002X"
    checked = CheckedId(number, crypto.keyed_hash(number), dt.date(1949, 12, 31), "F")
    person = prepare_person(
        Person(name=NAME, phone=ENTERED_PHONE, landline="0744 1234567"), id_number=checked
    )
    values = prepared_values(
        {"name": NAME, "phone": ENTERED_PHONE, "landline": "0744 1234567"}, id_number=checked
    )

    assert crypto.decrypt(values.pop("id_number_encrypted")) == number
    assert crypto.decrypt(values.pop("phone_encrypted")) == "13800001234"
    assert crypto.decrypt(values.pop("landline_encrypted")) == "0744-1234567"
    assert values == {
        "name": NAME,
        "birth_date": dt.date(1949, 12, 31),
        "gender": "F",
        "id_number_hash": crypto.keyed_hash(number),
        "phone_tail": "1234",
        "phone_hash": crypto.keyed_hash("13800001234"),
        "search_text": "李秀英 lixiuying lxying lixying lxiuying",
    }
    assert {name: getattr(person, name) for name in values} == values
    assert (person.phone, person.landline) == ("13800001234", "0744-1234567")
    assert prepared_values({"name": NAME}, id_number=None) == {
        "name": NAME,
        "phone_encrypted": "",
        "phone_tail": "",
        "phone_hash": None,
        "landline_encrypted": "",
        "search_text": STORED["search_text"],
    }
