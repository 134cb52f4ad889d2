# Phones encrypted at rest: the mobile and the landline move into encrypted columns; the
# mobile's last four digits (was a generated column) become a plain column written by the
# code, beside the keyed hash of the whole number (exact matching).

from django.db import migrations, models

BATCH = 2000


def encrypt_phones(apps, schema_editor):
    from sanwei.core import crypto

    Person = apps.get_model("people", "Person")
    db = schema_editor.connection.alias
    rows = (
        Person.objects.using(db)
        .exclude(phone="", landline="")
        .only("pk", "phone", "landline")
        .order_by("pk")
    )
    batch = []
    for person in rows.iterator(BATCH):
        if person.phone:
            person.phone_encrypted = crypto.encrypt(person.phone)
            person.phone_hash = crypto.keyed_hash(person.phone)
            person.new_phone_tail = person.phone[-4:]
        if person.landline:
            person.landline_encrypted = crypto.encrypt(person.landline)
        batch.append(person)
        if len(batch) >= BATCH:
            _write(Person, db, batch)
            batch = []
    _write(Person, db, batch)


def _write(Person, db, batch):
    if batch:
        Person.objects.using(db).bulk_update(
            batch, ["phone_encrypted", "phone_hash", "new_phone_tail", "landline_encrypted"]
        )


def decrypt_phones(apps, schema_editor):
    from sanwei.core import crypto

    Person = apps.get_model("people", "Person")
    db = schema_editor.connection.alias
    rows = Person.objects.using(db).exclude(phone_encrypted="", landline_encrypted="")
    batch = []
    for person in rows.only("pk", "phone_encrypted", "landline_encrypted").iterator(BATCH):
        person.phone = crypto.decrypt(person.phone_encrypted) if person.phone_encrypted else ""
        person.landline = (
            crypto.decrypt(person.landline_encrypted) if person.landline_encrypted else ""
        )
        batch.append(person)
    for start in range(0, len(batch), BATCH):
        Person.objects.using(db).bulk_update(batch[start : start + BATCH], ["phone", "landline"])


def _summary_triggers_present(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'sanwei_att_ins'")
        return cursor.fetchone() is not None


def drop_summary_triggers(apps, schema_editor):
    """SQLite rebuilds the person table below, which its triggers (the coverage summary's,
    naming people_person) refuse: they are dropped here and put back at the end."""
    connection = schema_editor.connection
    if connection.vendor != "sqlite" or not _summary_triggers_present(connection):
        return
    from sanwei.coverage import summary

    summary.uninstall(connection)
    connection._sanwei_reinstall_summary = True


# 0006's index of the search key on SQLite, made outside the migration state: remaking
# the table loses it, so it is made again.
SQLITE_SEARCH_INDEX = "people_person_search_text_scan"


def restore_summary_triggers(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {SQLITE_SEARCH_INDEX} ON people_person (search_text)"
        )
    if getattr(connection, "_sanwei_reinstall_summary", False):
        from sanwei.coverage import summary

        summary.install(connection)
        connection._sanwei_reinstall_summary = False


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0007_id_conflict"),
    ]

    operations = [
        migrations.RunPython(drop_summary_triggers, restore_summary_triggers),
        migrations.RemoveIndex(model_name="person", name="people_pers_phone_b55729_idx"),
        migrations.RemoveField(model_name="person", name="phone_tail"),
        migrations.AddField(
            model_name="person",
            name="phone_encrypted",
            field=models.TextField(blank=True, default="", db_default="", editable=False),
        ),
        migrations.AddField(
            model_name="person",
            name="phone_hash",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="person",
            name="new_phone_tail",
            field=models.CharField(
                blank=True, default="", db_default="", editable=False, max_length=4
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="landline_encrypted",
            field=models.TextField(blank=True, default="", db_default="", editable=False),
        ),
        migrations.RunPython(encrypt_phones, decrypt_phones, elidable=False),
        migrations.RemoveField(model_name="person", name="phone"),
        migrations.RemoveField(model_name="person", name="landline"),
        migrations.RenameField(model_name="person", old_name="new_phone_tail", new_name="phone_tail"),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["phone_tail"], name="people_person_phone_tail"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["phone_hash"], name="people_person_phone_hash"),
        ),
        migrations.RunPython(restore_summary_triggers, drop_summary_triggers),
    ]
