"""Filters of the person and household lists, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sanwei.regions.filters import RegionFilter

from . import services
from .models import Household, LecturerCategory, Person

FLAG_CHOICES = [
    ("elderly", _("老年人（60岁及以上）")),
    ("frail", _("体弱多病")),
    ("mobility_impaired", _("行动不便")),
    ("migrant", _("外出流动")),
    ("hard_to_reach", _("送学对象（任一）")),
]
LECTURER_ANY = "any"
LECTURER_CHOICES = [
    (LECTURER_ANY, _("任一类别")),
    *[(v, label) for v, label in LecturerCategory.choices if v],
]


FLAG_FILTERS = {
    "elderly": lambda people: people.elderly(),
    "frail": lambda people: people.filter(is_frail=True),
    "mobility_impaired": lambda people: people.filter(is_mobility_impaired=True),
    "migrant": lambda people: people.filter(is_migrant=True),
    "hard_to_reach": lambda people: people.hard_to_reach(),
}


def search_widget(placeholder: str) -> forms.TextInput:
    return forms.TextInput(attrs={"placeholder": placeholder, "type": "search"})


class PersonFilter(django_filters.FilterSet):
    """`q` is the person search (name, pinyin, initials, phone tail); `party` 1/true or
    0/false; `flag` one of FLAG_CHOICES; `lecturer` a category or "any". The API also
    takes the flags as booleans (`elderly=true` …) and `lecturer_category`."""

    q = django_filters.CharFilter(
        label=_("搜索"),
        method="search",
        widget=search_widget(_("姓名、拼音、首字母或手机尾号")),
    )
    region = RegionFilter(label=_("村/组"), levels=services.PERSON_REGION_LEVELS)
    party = django_filters.BooleanFilter(
        label=_("政治面貌"),
        method="filter_party",
        widget=forms.Select(choices=[("", _("全部")), ("1", _("党员")), ("0", _("非党员"))]),
    )
    flag = django_filters.ChoiceFilter(
        label=_("重点人群"), choices=FLAG_CHOICES, method="filter_flag", empty_label=_("全部")
    )
    lecturer = django_filters.ChoiceFilter(
        label=_("宣讲人才"),
        choices=LECTURER_CHOICES,
        method="filter_lecturer",
        empty_label=_("全部"),
    )
    lecturer_category = django_filters.ChoiceFilter(
        choices=LECTURER_CHOICES, method="filter_lecturer"
    )
    elderly = django_filters.BooleanFilter(method="filter_flag_on")
    frail = django_filters.BooleanFilter(method="filter_flag_on")
    mobility_impaired = django_filters.BooleanFilter(method="filter_flag_on")
    migrant = django_filters.BooleanFilter(method="filter_flag_on")

    PAGE_FIELDS = ("q", "region", "party", "flag", "lecturer")  # the rest are the API's

    class Meta:
        model = Person
        fields: list[str] = []

    def search(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return services.search_people(queryset, value, user=self.request.user)

    def filter_party(self, queryset: QuerySet[Person], name: str, value: bool):
        return queryset.party_members() if value else queryset.filter(party_status="")

    def filter_flag(self, queryset: QuerySet[Person], name: str, value: str):
        return FLAG_FILTERS[value](queryset)

    def filter_flag_on(self, queryset: QuerySet[Person], name: str, value: bool):
        return FLAG_FILTERS[name](queryset) if value else queryset

    def filter_lecturer(self, queryset: QuerySet[Person], name: str, value: str):
        if value == LECTURER_ANY:
            return queryset.exclude(lecturer_category="")
        return queryset.filter(lecturer_category=value)


class HouseholdFilter(django_filters.FilterSet):
    """`q` searches the head (as the person search); `region` a division code."""

    q = django_filters.CharFilter(
        label=_("户主姓名"), method="search", widget=search_widget(_("户主姓名、拼音或首字母"))
    )
    region = RegionFilter(label=_("村/组"), levels=services.PERSON_REGION_LEVELS)

    class Meta:
        model = Household
        fields: list[str] = []

    def search(self, queryset: QuerySet[Household], name: str, value: str):
        return services.search_households(queryset, value, user=self.request.user)
