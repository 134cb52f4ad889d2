from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "sanwei.coverage"
    label = "coverage"
    verbose_name = _("覆盖")

    def ready(self) -> None:
        from . import exporters  # noqa: F401  (registers the gap list's exporters)

        post_migrate.connect(_reinstall_summary_triggers, sender=self)


def _reinstall_summary_triggers(sender, using: str = "default", **kwargs) -> None:
    """After every migrate (and flush): SQLite drops a table's triggers when a migration
    rebuilds the table, so the summary triggers are put back and the tables recomputed."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from . import summary

    connection = connections[using]
    recorder = MigrationRecorder(connection)
    if (
        not recorder.has_table()
        or not recorder.migration_qs.filter(
            app="coverage", name="0006_count_statement_triggers"
        ).exists()
    ):
        return  # migrated back below the summary: nothing to keep
    summary.install(connection)
    summary.rebuild(connection)
