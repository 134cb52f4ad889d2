"""Install the triggers that keep the coverage summary tables true and fill them from the
existing attendance (sanwei.coverage.summary). The app also re-installs the triggers after
every `migrate` (SQLite drops a table's triggers when a migration rebuilds the table)."""

from django.db import migrations


def install(apps, schema_editor):
    from sanwei.coverage import summary

    summary.install(schema_editor.connection)
    summary.rebuild(schema_editor.connection)


def uninstall(apps, schema_editor):
    from sanwei.coverage import summary

    summary.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("coverage", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
