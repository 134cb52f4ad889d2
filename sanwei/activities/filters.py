"""Filters of the activity and campaign lists, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sanwei.regions.filters import RegionFilter
from sanwei.regions.models import RegionLevel

from .forms import DateInput, TypeChoiceField
from .models import Activity, ActivityType, Campaign, Pillar


def activity_types(request) -> QuerySet[ActivityType]:
    return ActivityType.objects.order_by("pillar", "sort_order", "name")


def campaigns(request) -> QuerySet[Campaign]:
    return Campaign.objects.all()


class TypeFilter(django_filters.ModelChoiceFilter):
    field_class = TypeChoiceField


class ActivityFilter(django_filters.FilterSet):
    """`region` is a division code (its subtree); dates are in the site's time zone.
    The API also takes `activity_type_id` and `campaign_id` (the same filters by id)."""

    q = django_filters.CharFilter(label=_("关键词"), method="search")
    pillar = django_filters.ChoiceFilter(
        label=_("板块"),
        field_name="activity_type__pillar",
        choices=Pillar.choices,
        empty_label=_("全部板块"),
    )
    activity_type = TypeFilter(label=_("类型"), queryset=activity_types, empty_label=_("全部类型"))
    campaign = django_filters.ModelChoiceFilter(
        label=_("专题"), queryset=campaigns, empty_label=_("全部专题")
    )
    region = RegionFilter(
        label=_("村（社区）"),
        levels=(RegionLevel.TOWN, RegionLevel.VILLAGE),
        empty_label=_("全部区划"),
    )
    date_from = django_filters.DateFilter(
        label=_("开始日期自"), field_name="starts_at", lookup_expr="date__gte", widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        label=_("至"), field_name="starts_at", lookup_expr="date__lte", widget=DateInput()
    )
    activity_type_id = django_filters.ModelChoiceFilter(
        field_name="activity_type", queryset=activity_types
    )
    campaign_id = django_filters.ModelChoiceFilter(field_name="campaign", queryset=campaigns)

    PAGE_FIELDS = ("q", "pillar", "activity_type", "campaign", "region", "date_from", "date_to")

    class Meta:
        model = Activity
        fields: list[str] = []

    def search(self, queryset: QuerySet[Activity], name: str, value: str) -> QuerySet[Activity]:
        q = value.strip()
        return queryset.filter(
            Q(title__icontains=q) | Q(place__icontains=q) | Q(notes__icontains=q)
        )


class CampaignFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="search")

    class Meta:
        model = Campaign
        fields: list[str] = []

    def search(self, queryset: QuerySet[Campaign], name: str, value: str) -> QuerySet[Campaign]:
        q = value.strip()
        return queryset.filter(Q(name__icontains=q) | Q(theme__icontains=q))
