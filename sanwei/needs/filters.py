"""Filters of the needs work queue, shared by the page and the API (`GET /api/v1/needs/`)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sanwei.regions.filters import RegionFilter
from sanwei.regions.models import RegionLevel

from . import rules, services
from .models import Need, NeedCategory, NeedState, Urgency


def categories(request) -> QuerySet[NeedCategory]:
    return NeedCategory.objects.all()


class NeedFilter(django_filters.FilterSet):
    """`state`, `category` (code), `urgency`, `region` (a village or town code and below),
    `overdue` (true: still open past its time limit), `mine` (true: dispatched to me or my
    squad), `q` (words in the description)."""

    q = django_filters.CharFilter(label=_("搜索"), method="filter_text", max_length=100)
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=NeedState.choices, empty_label=_("全部状态")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("类别"), queryset=categories, to_field_name="code", empty_label=_("全部类别")
    )
    urgency = django_filters.ChoiceFilter(
        label=_("紧急程度"), choices=Urgency.choices, empty_label=_("全部")
    )
    region = RegionFilter(
        label=_("村（社区）"),
        levels=(RegionLevel.TOWN, RegionLevel.VILLAGE),
        empty_label=_("全部区划"),
    )
    overdue = django_filters.BooleanFilter(label=_("逾期"), method="filter_overdue")
    mine = django_filters.BooleanFilter(label=_("派给我的"), method="filter_mine")

    PAGE_FIELDS = ("q", "state", "category", "urgency", "region", "overdue", "mine")

    class Meta:
        model = Need
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in (value or "").split():
            queryset = queryset.filter(description__contains=word)
        return queryset

    def filter_overdue(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if value is None:
            return queryset
        late = services.overdue(queryset)
        return late if value else queryset.exclude(pk__in=late.values("pk"))

    def filter_mine(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        person = rules.acting_person(getattr(self.request, "user", None))
        if person is None:
            return queryset.none()
        return queryset.filter(
            Q(volunteer=person)
            | Q(team__memberships__person=person, team__memberships__ended_on__isnull=True)
        ).distinct()
