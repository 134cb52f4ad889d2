from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "sanwei.reports"
    label = "reports"
    verbose_name = _("统计")

    def ready(self) -> None:
        from . import recordbook  # noqa: F401  (registers the record book's exporter)
