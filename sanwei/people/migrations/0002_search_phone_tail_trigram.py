# Person search: an indexed phone tail, rebuilt search keys, and on PostgreSQL a trigram
# index that serves `search_text LIKE '%q%'`.

import logging

import django.db.models.functions.text
from django.db import DatabaseError, migrations, models, transaction

logger = logging.getLogger(__name__)

TRGM_INDEX = "people_person_search_trgm"


def rebuild_search_text(apps, schema_editor):
    """Search keys now hold surname readings and mixed pinyin/initials forms."""
    from sanwei.core.search import search_key

    Person = apps.get_model("people", "Person")
    db = schema_editor.connection.alias
    batch = []
    for person in Person.objects.using(db).only("pk", "name", "search_text").iterator(2000):
        key = search_key(person.name)
        if key != person.search_text:
            person.search_text = key
            batch.append(person)
        if len(batch) >= 2000:
            Person.objects.using(db).bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Person.objects.using(db).bulk_update(batch, ["search_text"])


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as e:  # no right to create the extension: search still works
        logger.warning("pg_trgm not available, person search without trigram index: %s", e)
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRGM_INDEX} ON people_person "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRGM_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='person',
            name='phone_tail',
            field=models.GeneratedField(db_index=True, db_persist=True, expression=django.db.models.functions.text.Right('phone', 4), output_field=models.CharField(max_length=4)),
        ),
        migrations.RunPython(rebuild_search_text, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
