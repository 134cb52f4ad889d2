"""Phones are stored encrypted: the row holds the mobile and the landline only as Fernet
tokens, beside the mobile's last four digits and the keyed hash of the whole number;
a migration encrypts the rows stored before."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from sanwei.core import crypto
from sanwei.people.models import Person

from ..factories import PersonFactory


def _raw_row(pk: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM people_person WHERE id = %s", [pk])
        names = [c[0] for c in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def test_a_saved_phone_is_in_no_column_in_clear(tree):
    person = PersonFactory(region=tree["village_a"], phone="13812345678", landline="0744-7654321")
    row = _raw_row(person.pk)
    assert "13812345678" not in repr(row)
    assert "7654321" not in repr(row)
    assert row["phone_tail"] == "5678"
    assert row["phone_hash"] == crypto.keyed_hash("13812345678")
    assert crypto.decrypt(row["phone_encrypted"]) == "13812345678"
    assert crypto.decrypt(row["landline_encrypted"]) == "0744-7654321"
    again = Person.unscoped.get(pk=person.pk)
    assert (again.phone, again.landline) == ("13812345678", "0744-7654321")


def test_clearing_the_phone_clears_its_tail_and_hash(tree):
    person = PersonFactory(region=tree["village_a"], phone="13812345678")
    person.phone = ""
    person.save()
    row = _raw_row(person.pk)
    assert (row["phone_encrypted"], row["phone_tail"], row["phone_hash"]) == ("", "", None)


def test_a_phone_entered_on_the_form_is_stored_encrypted(login, secretary_a, tree):
    response = login(secretary_a).post(
        reverse("people:person_create"),
        {"name": "王五", "region": tree["village_a"].pk, "phone": "+86 139-0000-1111",
         "landline": "(0744)2223334", "ethnicity": "汉族"},
    )  # fmt: skip
    assert response.status_code == 302
    person = Person.unscoped.get(name="王五")
    row = _raw_row(person.pk)
    assert "13900001111" not in repr(row)
    assert (person.phone, person.landline, row["phone_tail"]) == (
        "13900001111",
        "0744-2223334",
        "1111",
    )


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_the_phones_stored_in_clear(tree):
    before = [("people", "0007_id_conflict")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(before)
        executor.loader.build_graph()
        old = executor.loader.project_state(before).apps.get_model("people", "Person")
        kept = old.objects.create(
            region_id=tree["village_a"].pk, name="赵六", phone="13655557777",
            landline="0744-1234567",
        )  # fmt: skip
        none = old.objects.create(region_id=tree["village_a"].pk, name="钱七")
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    finally:
        MigrationExecutor(connection).migrate(latest)
    row = _raw_row(kept.pk)
    assert "13655557777" not in repr(row)
    assert row["phone_tail"] == "7777"
    assert row["phone_hash"] == crypto.keyed_hash("13655557777")
    person = Person.unscoped.get(pk=kept.pk)
    assert (person.phone, person.landline) == ("13655557777", "0744-1234567")
    empty = _raw_row(none.pk)
    assert (empty["phone_encrypted"], empty["phone_tail"], empty["phone_hash"]) == ("", "", None)
