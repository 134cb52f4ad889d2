"""Filters of the team list, shared by the page and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sanwei.regions.filters import RegionFilter
from sanwei.regions.models import RegionLevel

from .models import Team, TeamKind


class TeamFilter(django_filters.FilterSet):
    """`q` part of the name; `kind` a TeamKind; `region` a division code (its subtree)."""

    q = django_filters.CharFilter(label=_("名称"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("类型"), choices=TeamKind.choices, empty_label=_("全部类型")
    )
    region = RegionFilter(
        levels=[level for level in RegionLevel if level <= RegionLevel.VILLAGE],
        empty_label=_("全部区划"),
    )

    class Meta:
        model = Team
        fields: list[str] = []

    def search(self, queryset: QuerySet[Team], name: str, value: str) -> QuerySet[Team]:
        return queryset.filter(name__icontains=value.strip())
