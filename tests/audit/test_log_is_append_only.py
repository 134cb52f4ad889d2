"""Nobody changes or deletes an action-log record: not the model, not a bulk query, not the
admin (read only), not SQL sent past the app (database triggers). Deleting an account
keeps its records."""

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction

from sanwei.core.models import ActionLog, AppendOnly, log_event

from ..factories import UserFactory


@pytest.fixture
def entry(db):
    return log_event("sanwei.person.viewed", region_path="430821104201", data={"a": 1})


def test_a_stored_record_cannot_be_saved_again(entry):
    entry.action_type = "sanwei.person.deleted"
    with pytest.raises(AppendOnly):
        entry.save()
    assert ActionLog.objects.get(pk=entry.pk).action_type == "sanwei.person.viewed"


def test_a_record_cannot_be_deleted(entry):
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        ActionLog.objects.filter(pk=entry.pk).delete()
    assert ActionLog.objects.filter(pk=entry.pk).exists()


def test_a_bulk_update_is_refused(entry):
    with pytest.raises(AppendOnly):
        ActionLog.objects.filter(pk=entry.pk).update(region_path="")
    assert ActionLog.objects.get(pk=entry.pk).region_path == "430821104201"


def test_deleting_an_account_keeps_its_records_without_the_link(db):
    account = UserFactory(username="gone")
    kept = log_event("login.succeeded", obj=account, user=account)

    get_user_model().objects.filter(pk=account.pk).delete()

    kept = ActionLog.objects.get(pk=kept.pk)
    assert (kept.user_id, kept.action_type) == (None, "login.succeeded")


def test_the_admin_shows_the_log_read_only(client, entry, root):
    client.force_login(root)

    assert client.get("/admin/core/actionlog/").status_code == 200
    assert client.get(f"/admin/core/actionlog/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/core/actionlog/add/").status_code == 403
    assert client.get(f"/admin/core/actionlog/{entry.pk}/delete/").status_code == 403
    posted = client.post(f"/admin/core/actionlog/{entry.pk}/change/", {"action_type": "forged"})
    assert posted.status_code == 403
    assert ActionLog.objects.get(pk=entry.pk).action_type == "sanwei.person.viewed"


# Below the app: the database's own triggers (SQLite and PostgreSQL).


def raw(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_an_update_sent_past_the_app(entry):
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE core_actionlog SET action_type = %s WHERE id = %s", ["forged", entry.pk])
    assert ActionLog.objects.get(pk=entry.pk).action_type == "sanwei.person.viewed"


def test_the_database_refuses_a_delete_sent_past_the_app(entry):
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM core_actionlog WHERE id = %s", [entry.pk])
    assert ActionLog.objects.filter(pk=entry.pk).exists()


def test_the_database_refuses_emptying_the_account_and_changing_more(db):
    account = UserFactory(username="gone")
    kept = log_event("login.succeeded", obj=account, user=account)

    with pytest.raises(DatabaseError, match="append-only"):
        raw(
            "UPDATE core_actionlog SET user_id = NULL, ip_address = %s WHERE id = %s",
            ["203.0.113.9", kept.pk],
        )
    assert ActionLog.objects.get(pk=kept.pk).user_id == account.pk


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_whole_database_log_included():
    from django.core.management import call_command

    log_event("sanwei.person.viewed", region_path="430821104201")

    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)

    assert ActionLog.objects.count() == 0
