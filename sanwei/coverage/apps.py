from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "sanwei.coverage"
    label = "coverage"
    verbose_name = _("覆盖")

    def ready(self) -> None:
        from . import exporters  # noqa: F401  (registers the gap list's exporters)
