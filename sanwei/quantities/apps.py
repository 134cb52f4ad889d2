from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuantitiesConfig(AppConfig):
    name = "sanwei.quantities"
    label = "quantities"
    verbose_name = _("物资与成果")
