"""Region choices on forms: one way to label a region in a select."""

from __future__ import annotations

from django import forms

from .models import Region, RegionLevel


class RegionChoiceField(forms.ModelChoiceField):
    """Regions indented by level under the town."""

    def label_from_instance(self, obj: Region) -> str:
        return "\u3000" * max(0, obj.level - RegionLevel.TOWN) + obj.name


class VillageGroupChoiceField(RegionChoiceField):
    """Villages by name; a villagers' group as "village · group" (group names repeat):
    give it a queryset with `select_related("parent")`."""

    def label_from_instance(self, obj: Region) -> str:
        if obj.level == RegionLevel.GROUP and obj.parent_id:
            return f"{obj.parent.name} · {obj.name}"
        return obj.name
