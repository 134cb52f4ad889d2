"""Filters of the review list, shared by the page and the API (`GET /api/v1/reviews/`)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from sanwei.regions.filters import RegionFilter
from sanwei.regions.models import RegionLevel

from .models import Review


class ReviewFilter(django_filters.FilterSet):
    """`region` (a town or village code and below), `q` (words in the title)."""

    q = django_filters.CharFilter(
        label=_("搜索"), field_name="title", lookup_expr="contains", max_length=100
    )
    region = RegionFilter(
        label=_("区划"), levels=(RegionLevel.TOWN, RegionLevel.VILLAGE), empty_label=_("全部区划")
    )

    class Meta:
        model = Review
        fields: list[str] = []
