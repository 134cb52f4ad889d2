"""Finer planner statistics for `regions_region.path` on PostgreSQL.

Every region-scoped list joins the regions and filters `path LIKE '<root>%'`. With the
default 100 histogram buckets a county of 3,600 regions has buckets of 36 paths, so a
village's subtree (9 paths) is estimated at 36 and the planner walked a whole state's
needs newest first instead of reading the village's needs (the needs work queue: 100 ms
instead of 1 ms on 100,000 needs, bench/service_bench.py). 1,000 buckets estimate it
right; the table is small, so ANALYZE stays cheap."""

from django.db import migrations


def finer_statistics(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE regions_region ALTER COLUMN path SET STATISTICS 1000")
        schema_editor.execute("ANALYZE regions_region")


def default_statistics(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE regions_region ALTER COLUMN path SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("regions", "0002_unscoped_manager")]

    operations = [migrations.RunPython(finer_statistics, default_statistics)]
