from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "sanwei.exports"
    label = "exports"
    verbose_name = _("导出")

    def ready(self) -> None:
        from . import exporters  # noqa: F401  (fills the registry)
