from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinConfig(AppConfig):
    name = "sanwei.checkin"
    label = "checkin"
    verbose_name = _("扫码签到")
