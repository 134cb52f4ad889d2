from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordingConfig(AppConfig):
    name = "sanwei.recording"
    label = "recording"
    verbose_name = _("快速登记")
