"""A change of a person (or household) records each changed field before and after;
the ID number, phones and birth date only through the people app's masks."""

import datetime as dt

import pytest

from sanwei.core.models import ActionLog
from sanwei.people import services

from ..factories import HouseholdFactory, PersonFactory, make_id_number

OLD_ID = make_id_number(dt.date(1962, 3, 4), "M")
NEW_ID = make_id_number(dt.date(1963, 5, 6), "M")


@pytest.fixture
def person(tree):
    return PersonFactory(
        name="张三",
        region=tree["village_a"],
        id_number=OLD_ID,
        birth_date=dt.date(1962, 3, 4),
        phone="13800001234",
        notes="旧备注",
    )


def changed(person):
    return ActionLog.objects.filter(action_type="sanwei.person.changed", object_id=person.pk).get()


def test_a_phone_change_is_recorded_masked_and_told_apart_from_a_notes_edit(person, secretary_a):
    person.phone = "13912345678"
    services.save_person(person, user=secretary_a)

    assert changed(person).data["changes"] == {
        "phone": {"before": "138****1234", "after": "139****5678"}
    }


def test_a_notes_edit_records_the_old_and_new_text(person, secretary_a):
    person.notes = "新备注"
    services.save_person(person, user=secretary_a)

    assert changed(person).data["changes"] == {"notes": {"before": "旧备注", "after": "新备注"}}


def test_a_new_id_number_is_recorded_masked_with_its_birth_date_hidden(person, secretary_a):
    person.birth_date = dt.date(1963, 5, 6)
    services.save_person(person, id_number=NEW_ID, user=secretary_a)

    changes = changed(person).data["changes"]
    assert changes == {
        "id_number": {"before": "430" + "*" * 15, "after": "430" + "*" * 15},
        "birth_date": {"before": "****-**-**", "after": "****-**-**"},
    }
    text = str(ActionLog.objects.filter(object_id=person.pk).values_list("data", flat=True))
    assert OLD_ID not in text and NEW_ID not in text and "1963" not in text


def test_a_save_that_changes_nothing_records_no_changes(person, secretary_a):
    services.save_person(person, user=secretary_a)

    assert changed(person).data["changes"] == {}


def test_a_new_person_is_logged_without_a_change_list(tree, secretary_a):
    person = PersonFactory.build(region=tree["village_a"], name="新人", phone="13700001111")
    services.save_person(person, user=secretary_a)

    entry = ActionLog.objects.get(action_type="sanwei.person.created")
    assert entry.data == {"name": "新人", "region": tree["village_a"].code}


def test_a_household_change_records_its_fields(tree, secretary_a):
    household = HouseholdFactory(region=tree["village_a"], number="A001", address="一组8号")
    household.address = "一组9号"
    services.save_household(household, user=secretary_a)

    entry = ActionLog.objects.get(action_type="sanwei.household.changed")
    assert entry.data["changes"] == {"address": {"before": "一组8号", "after": "一组9号"}}
