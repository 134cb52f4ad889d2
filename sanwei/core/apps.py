from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sanwei.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from . import scoping  # noqa: F401  registers the `under` lookup
