"""Filters of the volunteer list, shared by the page and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sanwei.regions.filters import RegionFilter
from sanwei.regions.models import RegionLevel
from sanwei.teams.models import Membership, Team, TeamKind

from .models import AVAILABILITY_SLOTS, VolunteerProfile


def _squads(request):
    return Team.objects.filter(kind=TeamKind.SQUAD).order_by("region__path", "name")


class VolunteerFilter(django_filters.FilterSet):
    """`q` part of the name, number, skills or post; `region` a division code (volunteers
    living there and below); `squad` a squad's id; `available` an availability slot;
    `active` true (still serving) or false (left)."""

    q = django_filters.CharFilter(label=_("关键词"), method="search")
    region = RegionFilter(
        field_name="person__region",
        levels=[level for level in RegionLevel if level <= RegionLevel.VILLAGE],
        empty_label=_("全部区划"),
    )
    squad = django_filters.ModelChoiceFilter(
        label=_("小队"), queryset=_squads, method="in_squad", empty_label=_("全部小队")
    )
    available = django_filters.ChoiceFilter(
        label=_("可服务时间"),
        choices=AVAILABILITY_SLOTS,
        method="available_in",
        empty_label=_("不限"),
    )
    active = django_filters.BooleanFilter(
        label=_("在册"), field_name="left_on", lookup_expr="isnull"
    )

    class Meta:
        model = VolunteerProfile
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(
            Q(person__name__icontains=value)
            | Q(number__icontains=value)
            | Q(skills__icontains=value)
            | Q(job_post__icontains=value)
        )

    def in_squad(self, queryset: QuerySet, name: str, value: Team | None) -> QuerySet:
        if value is None:
            return queryset
        members = Membership.unscoped.filter(team=value, ended_on__isnull=True).values("person_id")
        return queryset.filter(person_id__in=members)

    def available_in(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(**{value: True}) if value else queryset
