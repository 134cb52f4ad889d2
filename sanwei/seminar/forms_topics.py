"""Forms of the topics pages: the hot-topics filter and the staff's corrections."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanwei.regions.models import Region, RegionLevel

from .models import OpinionCategory, TopicGroup

HOT_TOPICS_DEFAULT_DAYS = 90


class HotTopicsForm(forms.Form):
    """Region (a town or village the user sees) and period; invalid values fall back."""

    region = forms.ModelChoiceField(
        label=_("区划"),
        queryset=Region.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=None,
    )
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期"))
        return data


def default_period() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return today - dt.timedelta(days=HOT_TOPICS_DEFAULT_DAYS), today


def hot_topic_regions():
    """Towns and villages (the scoped manager decides which the user sees)."""
    return Region.objects.filter(level__in=(RegionLevel.TOWN, RegionLevel.VILLAGE)).order_by("path")


class CategoryCorrectionForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("类别"),
        queryset=OpinionCategory.objects.filter(is_active=True).order_by("sort_order", "code"),
        to_field_name="code",
        error_messages={
            "required": _("请选择类别"),
            "invalid_choice": _("请选择一个启用的类别"),
        },
    )


class TopicCorrectionForm(forms.Form):
    """Where the opinion goes: an existing group of its town, a new group, or no group."""

    MOVE = "move"
    NEW = "new"
    NONE = "none"

    target = forms.ChoiceField(
        label=_("调整为"),
        choices=[
            (MOVE, _("并入已有相似意见组")),
            (NEW, _("单独成立新组")),
            (NONE, _("移出相似意见组")),
        ],
        widget=forms.RadioSelect,
    )
    topic = forms.ModelChoiceField(
        label=_("相似意见组"), queryset=TopicGroup.objects.none(), required=False
    )
    label = forms.CharField(label=_("新组话题"), max_length=200, required=False)

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics

    def clean(self):
        data = super().clean()
        if data.get("target") == self.MOVE and not data.get("topic"):
            self.add_error("topic", _("请选择要并入的相似意见组"))
        return data
