from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeminarConfig(AppConfig):
    name = "sanwei.seminar"
    label = "seminar"
    verbose_name = _("微研讨")
