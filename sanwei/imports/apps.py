from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "sanwei.imports"
    label = "imports"
    verbose_name = "导入"
