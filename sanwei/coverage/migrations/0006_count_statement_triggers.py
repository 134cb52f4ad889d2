"""The counts per region path (0005) are kept on PostgreSQL by statement triggers over the
changed rows instead of row triggers (`coverage.summary.count_statements`): reinstalled."""

from django.db import migrations


def install(apps, schema_editor):
    from sanwei.coverage import summary

    summary.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("coverage", "0005_region_counts")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
