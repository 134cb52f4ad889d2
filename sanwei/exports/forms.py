"""The export forms: what to export, in which format, for which region, masked or not."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanwei.regions.forms import RegionChoiceField
from sanwei.regions.models import Region, RegionLevel

from .base import FORMATS, XLSX
from .registry import exporters_for

UNMASK_LABEL = _("导出完整身份证号和手机号")
UNMASK_HELP = _(
    "默认遮盖身份证号和手机号，出生日期只给年龄；勾选后导出完整信息（可再导入），本次导出将被记录"
)


class ActivityExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("格式"), choices=[(k, v[0]) for k, v in FORMATS.items()], initial=XLSX
    )
    unmask = forms.BooleanField(label=UNMASK_LABEL, help_text=UNMASK_HELP, required=False)

    def __init__(self, *args, allow_unmask: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not allow_unmask:
            del self.fields["unmask"]


class ExportForm(ActivityExportForm):
    """Build inside the request: the exporters and regions offered depend on the user and
    the active region scope."""

    identifier = forms.ChoiceField(label=_("导出内容"), widget=forms.HiddenInput)
    region = RegionChoiceField(
        label=_("区划"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("全部（我的管辖范围）"),
    )
    field_order = ("identifier", "format", "region", "unmask")

    def __init__(self, *args, user, allow_unmask: bool, **kwargs) -> None:
        super().__init__(*args, allow_unmask=allow_unmask, **kwargs)
        self.fields["identifier"].choices = [
            (cls.identifier, cls.verbose_name) for cls in exporters_for(user)
        ]
        self.fields["region"].queryset = Region.objects.filter(
            level__gte=RegionLevel.TOWN
        ).order_by("path")
