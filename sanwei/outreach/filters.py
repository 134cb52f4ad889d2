"""Filters of the task list, shared by the page and the API (`GET /api/v1/outreach/tasks`)."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sanwei.activities.models import Campaign
from sanwei.regions.filters import RegionFilter
from sanwei.regions.models import RegionLevel

from . import services
from .models import DeliveryDetail, DeliveryMethod, DeliveryTask, TaskStatus


def campaigns(request) -> QuerySet[Campaign]:
    return Campaign.objects.all()


def assignees(request):
    """The accounts holding a task the caller can see (their names only)."""
    return (
        get_user_model()
        .objects.filter(delivery_tasks__in=DeliveryTask.objects.all())
        .distinct()
        .order_by("first_name", "username")
    )


class AssigneeChoice(django_filters.ModelChoiceFilter):
    def __init__(self, **kwargs):
        super().__init__(queryset=assignees, **kwargs)

    @property
    def field(self):
        field = super().field
        field.label_from_instance = lambda u: u.get_full_name() or u.get_username()
        return field


class TaskFilter(django_filters.FilterSet):
    """`campaign` and `assignee` are ids; `region` a division code (the person's region
    within it); `overdue` true: open and due before today (Asia/Shanghai)."""

    campaign = django_filters.ModelChoiceFilter(
        label=_("专题"), queryset=campaigns, empty_label=_("全部专题")
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=TaskStatus.choices, empty_label=_("全部状态")
    )
    assignee = AssigneeChoice(label=_("负责人"), empty_label=_("全部负责人"))
    overdue = django_filters.BooleanFilter(label=_("逾期"), method="filter_overdue")
    region = RegionFilter(
        label=_("村（社区）"),
        field_name="person__region",
        levels=(RegionLevel.TOWN, RegionLevel.VILLAGE),
        empty_label=_("全部区划"),
    )

    class Meta:
        model = DeliveryTask
        fields: list[str] = []

    def filter_overdue(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if value is None:
            return queryset
        late = services.overdue(queryset)
        return late if value else queryset.exclude(pk__in=late.values("pk"))


class DeliveryFilter(django_filters.FilterSet):
    campaign = django_filters.ModelChoiceFilter(
        label=_("专题"), field_name="activity__campaign", queryset=campaigns,
        empty_label=_("全部专题"),
    )  # fmt: skip
    method = django_filters.ChoiceFilter(
        label=_("方式"), choices=DeliveryMethod.choices, empty_label=_("全部方式")
    )
    region = RegionFilter(
        label=_("村（社区）"),
        field_name="activity__region",
        levels=(RegionLevel.TOWN, RegionLevel.VILLAGE),
        empty_label=_("全部区划"),
    )

    class Meta:
        model = DeliveryDetail
        fields: list[str] = []
