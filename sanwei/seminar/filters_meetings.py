"""Filters of the courtyard-meeting list, shared by the page and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sanwei.activities.filters import campaigns
from sanwei.activities.forms import DateInput
from sanwei.regions.filters import RegionFilter
from sanwei.regions.models import RegionLevel

from .models import CourtyardMeeting


class MeetingFilter(django_filters.FilterSet):
    """`q` part of the title or place; `region` a division code (its subtree); `closed`
    whether the closing record is written; dates in the site's time zone."""

    q = django_filters.CharFilter(label=_("关键词"), method="search")
    region = RegionFilter(
        label=_("村（社区）"),
        field_name="activity__region",
        levels=(RegionLevel.TOWN, RegionLevel.VILLAGE),
        empty_label=_("全部区划"),
    )
    campaign = django_filters.ModelChoiceFilter(
        label=_("专题"),
        field_name="activity__campaign",
        queryset=campaigns,
        empty_label=_("全部专题"),
    )
    closed = django_filters.ChoiceFilter(
        label=_("纪要"),
        choices=(("yes", _("已登记纪要")), ("no", _("未登记纪要"))),
        empty_label=_("全部"),
        method="by_closed",
    )
    date_from = django_filters.DateFilter(
        label=_("日期自"),
        field_name="activity__starts_at",
        lookup_expr="date__gte",
        widget=DateInput(),
    )
    date_to = django_filters.DateFilter(
        label=_("至"), field_name="activity__starts_at", lookup_expr="date__lte", widget=DateInput()
    )

    PAGE_FIELDS = ("q", "region", "campaign", "closed", "date_from", "date_to")

    class Meta:
        model = CourtyardMeeting
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(
            Q(activity__title__icontains=value) | Q(activity__place__icontains=value)
        )

    def by_closed(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(closed_at__isnull=value != "yes")
