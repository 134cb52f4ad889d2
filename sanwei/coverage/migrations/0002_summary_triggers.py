"""Installed the triggers that keep the coverage summary tables true and filled them from the
existing attendance. The triggers now also fill the tables of 0003_type_audience, so that
migration installs them (and recomputes every table); this one does nothing any more. The
app re-installs them after every `migrate` (SQLite drops a table's triggers when a migration
rebuilds the table)."""

from django.db import migrations


def uninstall(apps, schema_editor):
    from sanwei.coverage import summary

    summary.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("coverage", "0001_initial")]

    operations = [migrations.RunPython(migrations.RunPython.noop, uninstall)]
