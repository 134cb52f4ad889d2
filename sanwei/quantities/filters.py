"""Filters of quantities, shared by the totals page and the API list
(`GET /api/v1/quantities/`): the same region, period and campaign as the totals."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sanwei.activities.models import Campaign
from sanwei.regions.filters import RegionFilter
from sanwei.regions.models import RegionLevel

from .models import Quantity, Unit
from .services import dated_quantities

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def campaigns(request) -> QuerySet[Campaign]:
    return Campaign.objects.order_by("-starts_on", "name")


class QuantityFilter(django_filters.FilterSet):
    """`region` (a division code: quantities of activities and needs there and below),
    `start`/`end` (Beijing dates, inclusive: the activity's day, the need's resolution),
    `campaign` (id), `item` (exact), `unit`, `activity` (id), `need` (id)."""

    region = RegionFilter(levels=list(RegionLevel), method="no_op", empty_label=_("全部区划"))
    start = django_filters.DateFilter(label=_("起始日期"), method="no_op", widget=DATE)
    end = django_filters.DateFilter(label=_("截止日期"), method="no_op", widget=DATE)
    campaign = django_filters.ModelChoiceFilter(
        label=_("专题"), queryset=campaigns, method="no_op", empty_label=_("全部专题")
    )
    item = django_filters.CharFilter(label=_("物资或成果"), max_length=50)
    unit = django_filters.ChoiceFilter(label=_("单位"), choices=Unit.choices, empty_label=_("全部"))
    activity = django_filters.NumberFilter(label=_("活动"), field_name="activity_id")
    need = django_filters.NumberFilter(label=_("群众需求"), field_name="need_id")

    PAGE_FIELDS = ("region", "start", "end", "campaign")

    class Meta:
        model = Quantity
        fields: list[str] = []

    def no_op(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset  # applied together in filter_queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        chosen = {k: data.get(k) for k in ("region", "start", "end", "campaign")}
        if not any(v is not None for v in chosen.values()):
            return queryset
        counted = dated_quantities(
            chosen["region"], start=chosen["start"], end=chosen["end"], campaign=chosen["campaign"]
        )
        return queryset.filter(pk__in=counted.values("pk"))
