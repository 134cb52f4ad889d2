# The search key's b-tree indexes serve no search on PostgreSQL (`contains` uses the
# trigram index of 0002) and cost every insert (two of them: the plain and the
# varchar_pattern_ops one); SQLite keeps one, which its `contains` scans instead of the table.
# Indexes are dropped by name, without remaking the table (SQLite would remake it for an
# AlterField, and the coverage triggers name it).

from django.db import migrations, models

SQLITE_INDEX = "people_person_search_text_scan"


def search_text_btrees(schema_editor) -> list[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "people_person")
    return sorted(
        name
        for name, c in constraints.items()
        if c["index"] and c["columns"] == ["search_text"] and c.get("type") != "gin"
    )


def drop_btrees(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name in search_text_btrees(schema_editor):
        if vendor == "postgresql" or name != SQLITE_INDEX:
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {SQLITE_INDEX} ON people_person (search_text)"
        )


def create_btrees(apps, schema_editor):
    """Back to Django's indexes of a `db_index` field (on PostgreSQL also the LIKE one)."""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {SQLITE_INDEX}")
    Person = apps.get_model("people", "Person")
    field = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    field.set_attributes_from_name("search_text")
    field.model = Person
    for sql in schema_editor._field_indexes_sql(Person, field):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_person_landline"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="person",
                    name="search_text",
                    field=models.CharField(blank=True, editable=False, max_length=255),
                ),
            ],
            database_operations=[migrations.RunPython(drop_btrees, create_btrees)],
        ),
    ]
