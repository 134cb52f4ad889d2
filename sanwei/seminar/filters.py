"""Filters of the opinion list, shared by the page and the API (`GET /api/v1/seminar/opinions`)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sanwei.regions.filters import RegionFilter
from sanwei.regions.models import RegionLevel

from . import services
from .models import CourtyardMeeting, Opinion, OpinionCategory, OpinionState


def categories(request) -> QuerySet[OpinionCategory]:
    return OpinionCategory.objects.all()


def meetings(request) -> QuerySet[CourtyardMeeting]:
    return CourtyardMeeting.objects.all()


class OpinionFilter(django_filters.FilterSet):
    """`state`, `category` (code), `region` (a division code: that village or town and
    below), `meeting` (id; the meeting page links here), `overdue` (true: unanswered and
    due before today), `mine` (true: assigned to me), `q` (words in the text, the reply,
    who raised it or the office)."""

    q = django_filters.CharFilter(label=_("搜索"), method="filter_text", max_length=100)
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=OpinionState.choices, empty_label=_("全部状态")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("类别"), queryset=categories, to_field_name="code", empty_label=_("全部类别")
    )
    region = RegionFilter(
        label=_("村（社区）"),
        levels=(RegionLevel.TOWN, RegionLevel.VILLAGE),
        empty_label=_("全部区划"),
    )
    meeting = django_filters.ModelChoiceFilter(
        label=_("屋场会"), queryset=meetings, widget=forms.HiddenInput
    )
    overdue = django_filters.BooleanFilter(label=_("逾期"), method="filter_overdue")
    mine = django_filters.BooleanFilter(label=_("由我承办"), method="filter_mine")

    PAGE_FIELDS = ("q", "state", "category", "region", "overdue", "mine")

    class Meta:
        model = Opinion
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in (value or "").split():
            queryset = queryset.filter(
                Q(text__contains=word)
                | Q(reply__contains=word)
                | Q(raised_by_name__contains=word)
                | Q(assignee_office__contains=word)
            )
        return queryset

    def filter_overdue(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if value is None:
            return queryset
        late = services.overdue(queryset)
        return late if value else queryset.exclude(pk__in=late.values("pk"))

    def filter_mine(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        user = getattr(self.request, "user", None)
        return queryset.filter(assignee_id=getattr(user, "pk", None) or 0)
