"""Filters of the series and essay lists, shared by the pages, the anthology download and
the API."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sanwei.activities.models import Campaign
from sanwei.regions.filters import RegionFilter
from sanwei.regions.models import RegionLevel

from .models import Essay, Recommendation, StudySeries

LEVELS = (RegionLevel.TOWN, RegionLevel.VILLAGE)


def campaigns(request) -> QuerySet[Campaign]:
    return Campaign.objects.all()


class SeriesFilter(django_filters.FilterSet):
    """`campaign` an id; `region` a division code (series of that region and below)."""

    campaign = django_filters.ModelChoiceFilter(
        label=_("专题"), queryset=campaigns, empty_label=_("全部专题")
    )
    region = RegionFilter(levels=LEVELS, empty_label=_("全部区划"))

    class Meta:
        model = StudySeries
        fields: list[str] = []


class EssayFilter(django_filters.FilterSet):
    """`q` part of the title or the author's name; `campaign` an id; `region` a division
    code (essays of that region and below); `excellent`, `recommended` true or false."""

    q = django_filters.CharFilter(label=_("关键词"), method="search")
    campaign = django_filters.ModelChoiceFilter(
        label=_("专题"), queryset=campaigns, empty_label=_("全部专题")
    )
    region = RegionFilter(levels=LEVELS, empty_label=_("全部区划"))
    excellent = django_filters.BooleanFilter(label=_("优秀"), field_name="is_excellent")
    recommended = django_filters.BooleanFilter(label=_("已推荐"), method="filter_recommended")

    class Meta:
        model = Essay
        fields: list[str] = []

    def search(self, queryset: QuerySet[Essay], name: str, value: str) -> QuerySet[Essay]:
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(author_name__icontains=value))

    def filter_recommended(self, queryset: QuerySet[Essay], name: str, value) -> QuerySet[Essay]:
        if value is None:
            return queryset
        recommended = Exists(Recommendation.unscoped.filter(essay=OuterRef("pk")))
        return queryset.filter(recommended if value else ~recommended)
