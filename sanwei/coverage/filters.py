"""Filters of the gap list (persons and households not reached), shared by the page and
the API. They narrow the querysets of `coverage.gaps`."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sanwei.people.models import Household, PartyStatus, Person
from sanwei.regions.filters import RegionFilter
from sanwei.regions.models import RegionLevel

from . import gaps

FLAG_CHOICES = [
    (gaps.ELDERLY70, _("70岁以上")),
    (gaps.FRAIL, _("体弱多病")),
    (gaps.MOBILITY, _("行动不便")),
    (gaps.MIGRANT, _("外出流动")),
]
GAP_REGION_LEVELS = (RegionLevel.TOWN, RegionLevel.VILLAGE, RegionLevel.GROUP)
PARTY_WIDGET = forms.Select(choices=[("", _("全部")), ("1", _("党员")), ("0", _("非党员"))])
TASK_WIDGET = forms.Select(choices=[("", _("全部")), ("1", _("已分配未完成")), ("0", _("未分配"))])


class GapPersonFilter(django_filters.FilterSet):
    """`region` a division code (village or 组: its subtree); `party` 1/true: party
    members only (0/false: the others); `flag` one of FLAG_CHOICES; `task` 1/true: with
    an open 送学 task of the campaign (0/false: without)."""

    region = RegionFilter(label=_("村/组"), levels=GAP_REGION_LEVELS)
    party = django_filters.BooleanFilter(
        label=_("政治面貌"), method="filter_party", widget=PARTY_WIDGET
    )
    flag = django_filters.ChoiceFilter(
        label=_("重点人群"), choices=FLAG_CHOICES, method="filter_flag", empty_label=_("全部")
    )
    task = django_filters.BooleanFilter(
        label=_("送学任务"), field_name="open_task", widget=TASK_WIDGET
    )

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_party(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        member = ~Q(party_status=PartyStatus.NONE)
        return queryset.filter(member if value else ~member)

    def filter_flag(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(gaps.flag_q(value)) if value else queryset


class GapHouseholdFilter(GapPersonFilter):
    """The same parameters for households: `party` a household with (without) a party
    member, `flag` a household with a member carrying the flag."""

    class Meta:
        model = Household
        fields: list[str] = []

    @staticmethod
    def _with_member(members: QuerySet) -> Exists:
        return Exists(members.filter(household_id=OuterRef("pk")))

    def filter_party(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        members = Person.objects.exclude(party_status=PartyStatus.NONE)
        has = self._with_member(members)
        return queryset.filter(has if value else ~has)

    def filter_flag(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(self._with_member(Person.objects.filter(gaps.flag_q(value))))
