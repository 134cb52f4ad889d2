"""The background documents form: what to build, for which region, campaign and period."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanwei.activities.models import Campaign
from sanwei.regions.forms import RegionChoiceField
from sanwei.regions.models import Region

from .jobs import job_kinds


class ReportJobForm(forms.Form):
    """Build inside the request: regions and campaigns come from the active scope."""

    kind = forms.ChoiceField(label=_("文件"))
    region = RegionChoiceField(label=_("区划"), queryset=Region.objects.none())
    campaign = forms.ModelChoiceField(
        label=_("专题"), queryset=Campaign.objects.none(), required=False, empty_label=_("全部")
    )
    start = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = job_kinds(user)
        self.fields["region"].queryset = Region.objects.order_by("path")
        self.fields["campaign"].queryset = Campaign.objects.order_by("-starts_on", "pk")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("截止日期不能早于起始日期"))
        return data
