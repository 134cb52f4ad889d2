"""The region filter of every list: a division code, selecting the region's subtree."""

from __future__ import annotations

from collections.abc import Iterable

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sanwei.core.errors import ServiceError

from .models import Region, RegionLevel
from .services import region_by_code


class RegionChoiceField(forms.ModelChoiceField):
    """Offers its queryset's regions, indented by level under the town (a villagers'
    group as "village · group"); accepts the code of any region in the user's scope."""

    def to_python(self, value) -> Region | None:
        if value in self.empty_values:
            return None
        try:
            return region_by_code(str(value))
        except ServiceError as e:
            raise forms.ValidationError(e.message, code=e.code) from e

    def label_from_instance(self, obj: Region) -> str:
        if obj.level == RegionLevel.GROUP and obj.parent_id:
            return f"{obj.parent.name} · {obj.name}"
        return f"{'　' * max(obj.level - RegionLevel.TOWN, 0)}{obj.name}"


class RegionFilter(django_filters.ModelChoiceFilter):
    """`?region=<division code>`: that region and everything below it. The select offers
    the regions of `levels` in the user's scope; a code outside the scope is invalid
    (ignored on a page, in the API the 400 `region_unknown` of `region_by_code`)."""

    field_class = RegionChoiceField
    error_code = "region_unknown"

    def __init__(self, *, levels: Iterable[int], **kwargs) -> None:
        levels = tuple(levels)

        def regions(request) -> QuerySet[Region]:
            return Region.objects.filter(level__in=levels).select_related("parent").order_by("path")

        kwargs.setdefault("label", _("区划"))
        kwargs.setdefault("empty_label", _("全部"))
        kwargs.setdefault("error_messages", {"invalid_choice": _("区划不存在或不在您的管辖范围内")})
        super().__init__(queryset=regions, to_field_name="code", **kwargs)

    def filter(self, qs: QuerySet, value: Region | None) -> QuerySet:
        if value is None:
            return qs
        return qs.filter(**{f"{self.field_name}__path__startswith": value.path})
