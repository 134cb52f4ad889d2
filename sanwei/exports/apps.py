from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "sanwei.exports"
    label = "exports"
    verbose_name = "导出"

    def ready(self) -> None:
        from . import exporters  # noqa: F401  (fills the registry)
