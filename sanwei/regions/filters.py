"""The region filter of every list: a division code, selecting the region's subtree."""

from __future__ import annotations

from collections.abc import Iterable

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sanwei.core.errors import ServiceError

from .forms import RegionChoiceField, VillageGroupChoiceField
from .models import Region, RegionLevel
from .services import region_by_code


class ByCode:
    """Accepts the code of any region in the user's scope (`region_by_code`), whatever
    the select offers."""

    def to_python(self, value) -> Region | None:
        if value in self.empty_values:
            return None
        try:
            return region_by_code(str(value))
        except ServiceError as e:
            raise forms.ValidationError(e.message, code=e.code) from e


class RegionCodeField(ByCode, RegionChoiceField):
    pass


class VillageGroupCodeField(ByCode, VillageGroupChoiceField):
    pass


class RegionFilter(django_filters.ModelChoiceFilter):
    """`?region=<division code>`: that region and everything below it. The select offers
    the regions of `levels` in the user's scope; a code outside the scope is invalid
    (ignored on a page, in the API the 400 `region_unknown` of `region_by_code`)."""

    field_class = RegionCodeField
    error_code = "region_unknown"

    def __init__(self, *, levels: Iterable[int], **kwargs) -> None:
        levels = tuple(levels)
        if RegionLevel.GROUP in levels:
            self.field_class = VillageGroupCodeField

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
