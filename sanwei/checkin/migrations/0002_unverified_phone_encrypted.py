# The mobile number of an unverified check-in is stored encrypted, beside its keyed hash
# (as `people.0008` did for persons): the one-pending-entry constraint moves to the hash.

from django.db import migrations, models

BATCH = 2000


def encrypt_phones(apps, schema_editor):
    from sanwei.core import crypto

    UnverifiedCheckin = apps.get_model("checkin", "UnverifiedCheckin")
    db = schema_editor.connection.alias
    rows = UnverifiedCheckin.objects.using(db).only("pk", "phone").order_by("pk")
    batch = []
    for checkin in rows.iterator(BATCH):
        checkin.phone_encrypted = crypto.encrypt(checkin.phone) if checkin.phone else ""
        checkin.phone_hash = crypto.keyed_hash(checkin.phone) if checkin.phone else ""
        batch.append(checkin)
        if len(batch) >= BATCH:
            UnverifiedCheckin.objects.using(db).bulk_update(batch, ["phone_encrypted", "phone_hash"])
            batch = []
    if batch:
        UnverifiedCheckin.objects.using(db).bulk_update(batch, ["phone_encrypted", "phone_hash"])


def decrypt_phones(apps, schema_editor):
    from sanwei.core import crypto

    UnverifiedCheckin = apps.get_model("checkin", "UnverifiedCheckin")
    db = schema_editor.connection.alias
    rows = UnverifiedCheckin.objects.using(db).only("pk", "phone_encrypted").order_by("pk")
    batch = []
    for checkin in rows.iterator(BATCH):
        checkin.phone = crypto.decrypt(checkin.phone_encrypted) if checkin.phone_encrypted else ""
        batch.append(checkin)
        if len(batch) >= BATCH:
            UnverifiedCheckin.objects.using(db).bulk_update(batch, ["phone"])
            batch = []
    if batch:
        UnverifiedCheckin.objects.using(db).bulk_update(batch, ["phone"])


class Migration(migrations.Migration):
    dependencies = [
        ("checkin", "0001_unverified_checkin"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="unverifiedcheckin", name="one_pending_checkin_per_name_phone"
        ),
        migrations.AddField(
            model_name="unverifiedcheckin",
            name="phone_encrypted",
            field=models.TextField(default="", editable=False),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="unverifiedcheckin",
            name="phone_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(encrypt_phones, decrypt_phones, elidable=False),
        # A default for the clear column, so that going back can add it again to a table
        # with rows (its values are then written by `decrypt_phones`).
        migrations.AlterField(
            model_name="unverifiedcheckin",
            name="phone",
            field=models.CharField(default="", max_length=11, verbose_name="手机号码"),
        ),
        migrations.RemoveField(model_name="unverifiedcheckin", name="phone"),
        migrations.AddConstraint(
            model_name="unverifiedcheckin",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "pending")),
                fields=("activity", "name", "phone_hash"),
                name="one_pending_checkin_per_name_phone",
            ),
        ),
    ]
