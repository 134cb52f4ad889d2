"""Filters of the action log, shared by the page, the API and the xlsx export: who (the
account's username), what (an action type, or all actions on one kind of record), when
(a date range, Beijing dates) and which record (its kind and id)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sanwei.core.models import ActionLog

from .labels import action_choices


class ActionLogFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(label=_("操作人"), field_name="user__username")
    action = django_filters.ChoiceFilter(
        label=_("操作"), choices=action_choices, method="filter_action", empty_label=_("全部")
    )
    since = django_filters.DateFilter(
        label=_("起始日期"), field_name="created_at", lookup_expr="date__gte"
    )
    until = django_filters.DateFilter(
        label=_("截止日期"), field_name="created_at", lookup_expr="date__lte"
    )
    object_type = django_filters.CharFilter(
        label=_("对象类型"), method="filter_object_type", help_text="people.person"
    )
    object_id = django_filters.NumberFilter(label=_("对象编号"), field_name="object_id")

    class Meta:
        model = ActionLog
        fields: list[str] = []

    def filter_action(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value.endswith("."):
            return queryset.filter(action_type__startswith=value)
        return queryset.filter(action_type=value)

    def filter_object_type(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        app_label, _dot, model = value.lower().partition(".")
        return queryset.filter(content_type__app_label=app_label, content_type__model=model)
