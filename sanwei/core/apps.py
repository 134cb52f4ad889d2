from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sanwei.core"
    label = "core"
    verbose_name = _("核心")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from sanwei import celery  # noqa: F401  the Celery app every shared_task binds to

        from . import checks, db, scoping  # noqa: F401  the lookups `any_of`, `under`; checks
        from .appendonly import register_function

        # The action log's SQLite DELETE trigger asks every connection for this function.
        connection_created.connect(register_function, dispatch_uid="sanwei_log_locked")
