"""Filters of the unverified check-in list, shared by the page and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from sanwei.regions.filters import RegionFilter
from sanwei.regions.models import RegionLevel

from .models import CheckinStatus, UnverifiedCheckin


class UnverifiedFilter(django_filters.FilterSet):
    """`status` (pending when not given, on the page and in the API); `region` a division
    code (the activities in its subtree); `activity` an activity id."""

    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=CheckinStatus.choices, empty_label=_("待确认")
    )
    region = RegionFilter(
        field_name="activity__region",
        levels=[level for level in RegionLevel if level <= RegionLevel.VILLAGE],
        empty_label=_("全部区划"),
    )
    activity = django_filters.NumberFilter(label=_("活动"), field_name="activity_id")

    class Meta:
        model = UnverifiedCheckin
        fields: list[str] = []

    PAGE_FIELDS = ("status", "region")

    @property
    def qs(self):
        queryset = super().qs
        data = getattr(self.form, "cleaned_data", {}) or {}
        if not data.get("status"):
            queryset = queryset.filter(status=CheckinStatus.PENDING)
        return queryset
