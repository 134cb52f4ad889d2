"""Filters of the materials list, shared by the page and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sanwei.regions.filters import RegionFilter
from sanwei.regions.models import RegionLevel

from .models import Material, MaterialKind


class MaterialFilter(django_filters.FilterSet):
    """`q` part of the title or summary; `kind` a MaterialKind; `region` a division code
    (materials of that region and below)."""

    q = django_filters.CharFilter(label=_("关键词"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("类型"), choices=MaterialKind.choices, empty_label=_("全部类型")
    )
    region = RegionFilter(
        levels=[level for level in RegionLevel if level <= RegionLevel.VILLAGE],
        empty_label=_("全部区划"),
    )

    class Meta:
        model = Material
        fields: list[str] = []

    def search(self, queryset: QuerySet[Material], name: str, value: str) -> QuerySet[Material]:
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value))
