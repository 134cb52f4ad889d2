"""The person → reach rows copy (`sanwei_person_upd`) becomes a statement trigger over the
transition tables on PostgreSQL (`coverage.summary.PERSON_COPY_ROWS`): as a row trigger,
each person's UPDATE of their reach rows fired the reach counts' statement trigger once
more, and one UPDATE of n reached persons rewrote the same count rows n times. The count
triggers are reinstalled too (their households at 0 deleted by key; no JIT on PostgreSQL).
SQLite keeps row triggers. Reversed: the person copy is a row trigger again (until the
post_migrate hook, `coverage.apps`, reinstalls the code's triggers while 0006 is applied)."""

from dataclasses import replace

from django.db import migrations


def forwards(apps, schema_editor):
    from sanwei.coverage import summary

    summary.install(schema_editor.connection)


def backwards(apps, schema_editor):
    from sanwei.coverage import summary

    connection = schema_editor.connection
    (trigger,) = (t for t in summary.TRIGGERS if t.name == "sanwei_person_upd")
    row_trigger = replace(trigger, rows_statements=())
    with connection.cursor() as cursor:
        for statement in summary.create_statements(connection.vendor, (row_trigger,)):
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("coverage", "0006_count_statement_triggers")]

    operations = [migrations.RunPython(forwards, backwards)]
