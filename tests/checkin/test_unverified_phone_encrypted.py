"""The mobile number typed into an unverified check-in is stored encrypted, beside its
keyed hash: no column holds it in clear; a second check-in with the same name and number
still finds the pending one (by the hash), the constraint still refuses a duplicate,
confirming still registers the person with that number, the key rotation re-encrypts it,
and a migration encrypts the rows stored before (and decrypts them going back)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from sanwei.checkin import services
from sanwei.checkin.models import CheckinStatus, UnverifiedCheckin
from sanwei.core import crypto
from sanwei.core.models import ActionLog
from sanwei.people.models import Person

from ..factories import PersonFactory, UnverifiedCheckinFactory

PHONE = "13712345678"


def _raw_row(pk: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM checkin_unverifiedcheckin WHERE id = %s", [pk])
        names = [c[0] for c in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def test_a_check_in_matching_nobody_keeps_the_phone_only_encrypted(client, link, activity):
    client.post(link, {"name": "刘洋", "phone": "137 1234 5678"})

    checkin = UnverifiedCheckin.unscoped.get(activity=activity)
    row = _raw_row(checkin.pk)
    assert "phone" not in row
    assert PHONE not in repr(row) and "12345678" not in repr(row)
    assert row["phone_hash"] == crypto.keyed_hash(PHONE)
    assert crypto.decrypt(row["phone_encrypted"]) == PHONE
    assert checkin.phone == PHONE


def test_checking_in_again_with_the_same_name_and_phone_finds_the_pending_entry(
    client, link, activity
):
    first = client.post(link, {"name": "刘洋", "phone": PHONE})
    again = client.post(link, {"name": "刘洋", "phone": "+86 137-1234-5678"})
    other_phone = client.post(link, {"name": "刘洋", "phone": "13712345679"})

    assert (first.status_code, again.status_code, other_phone.status_code) == (200, 200, 200)
    stored = UnverifiedCheckin.unscoped.filter(activity=activity).order_by("id")
    assert [c.phone for c in stored] == [PHONE, "13712345679"]


def test_the_constraint_still_refuses_a_second_pending_entry_for_the_same_name_and_phone(
    activity,
):
    UnverifiedCheckinFactory(activity=activity, name="刘洋", phone=PHONE)

    with pytest.raises(IntegrityError), transaction.atomic():
        UnverifiedCheckinFactory(activity=activity, name="刘洋", phone=PHONE)
    # Resolved entries do not count; another name with the phone is another entry.
    UnverifiedCheckinFactory(activity=activity, name="刘洋", phone=PHONE, status="rejected")
    UnverifiedCheckinFactory(activity=activity, name="刘海", phone=PHONE)
    assert UnverifiedCheckin.unscoped.filter(activity=activity).count() == 3


def test_candidates_with_the_same_phone_are_found_by_its_hash(activity, tree):
    same_phone = PersonFactory(region=tree["village_a"], name="刘建华", phone=PHONE)
    PersonFactory(region=tree["village_a"], name="陈明", phone="13712340000")
    checkin = UnverifiedCheckinFactory(activity=activity, name="刘洋", phone=PHONE)

    assert [p.pk for p in services.candidates(checkin)] == [same_phone.pk]


def test_confirming_registers_a_person_whose_phone_decrypts_to_the_typed_number(
    activity, secretary_a
):
    checkin = UnverifiedCheckinFactory(activity=activity, name="刘洋", phone=PHONE)

    person = services.confirm_as_new(checkin, user=secretary_a)

    stored = Person.unscoped.get(pk=person.pk)
    assert (stored.name, stored.phone, stored.phone_tail) == ("刘洋", PHONE, "5678")
    assert stored.phone_hash == crypto.keyed_hash(PHONE)
    checkin.refresh_from_db()
    assert checkin.status == CheckinStatus.CONFIRMED


def test_the_staff_page_shows_the_phone_masked(login, secretary_a, activity):
    checkin = UnverifiedCheckinFactory(activity=activity, name="刘洋", phone=PHONE)

    body = login(secretary_a).get(f"/checkin/unverified/{checkin.pk}/").content.decode()

    assert "137****5678" in body
    assert PHONE not in body


OLD_KEY = "old-field-key-for-the-check-in-rotation-0123456789"


def test_rotate_key_re_encrypts_the_pending_phones_and_rehashes_them(settings, activity, tmp_path):
    settings.SANWEI_FIELD_KEY = OLD_KEY
    settings.SANWEI_FIELD_KEY_PREVIOUS = []
    checkin = UnverifiedCheckinFactory(activity=activity, name="刘洋", phone=PHONE)
    old_row = _raw_row(checkin.pk)
    key_file = tmp_path / "field.key"
    out = StringIO()

    call_command("rotate_key", new_key_file=str(key_file), stdout=out)

    assert "已重新加密 1 / 1 条待确认签到" in out.getvalue()
    settings.SANWEI_FIELD_KEY = key_file.read_text().strip()
    row = _raw_row(checkin.pk)
    assert row["phone_hash"] != old_row["phone_hash"]
    assert row["phone_hash"] == crypto.keyed_hash(PHONE)
    assert crypto.decrypt(row["phone_encrypted"]) == PHONE
    assert UnverifiedCheckin.unscoped.get(pk=checkin.pk).phone == PHONE
    log = ActionLog.objects.get(action_type="sanwei.field_key.rotated")
    assert log.data == {"people": 0, "unverified_checkins": 1}
    settings.SANWEI_FIELD_KEY = OLD_KEY
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt(row["phone_encrypted"])


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_stored_phones_and_going_back_decrypts_them(activity):
    before = [("checkin", "0001_unverified_checkin")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(before)
        executor.loader.build_graph()
        old = executor.loader.project_state(before).apps.get_model("checkin", "UnverifiedCheckin")
        stored = old.objects.create(activity_id=activity.pk, name="刘洋", phone=PHONE)
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        row = _raw_row(stored.pk)
        assert PHONE not in repr(row)
        assert row["phone_hash"] == crypto.keyed_hash(PHONE)
        assert UnverifiedCheckin.unscoped.get(pk=stored.pk).phone == PHONE

        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(before)
        assert _raw_row(stored.pk)["phone"] == PHONE
    finally:
        MigrationExecutor(connection).migrate(latest)
