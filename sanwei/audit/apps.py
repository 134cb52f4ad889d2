from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "sanwei.audit"
    label = "audit"
    verbose_name = _("操作日志")

    def ready(self) -> None:
        from . import exporters  # noqa: F401  (registers the log's exporter)
