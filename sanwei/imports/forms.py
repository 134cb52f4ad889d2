"""Forms of the import pages: the upload, and the column mapping of a previewed file."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sanwei.accounts.permissions import CHANGE_PEOPLE
from sanwei.core.errors import ServiceError
from sanwei.regions.forms import RegionChoiceField
from sanwei.regions.models import RegionLevel
from sanwei.regions.services import regions_with_permission

from . import services
from .models import ImportJob, ImportKind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("导入内容"), choices=ImportKind.choices, initial=ImportKind.PERSONS
    )
    region = RegionChoiceField(
        label=_("导入到"),
        queryset=None,
        help_text=_("文件中的村（社区）须在所选区划内；导入到村时可以没有“村（社区）”列"),
    )
    file = forms.FileField(
        label=_("文件"),
        help_text=_("Excel（.xlsx/.xls）或 CSV 文件，不超过200 MB"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv,.txt"}),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        regions = regions_with_permission(user, CHANGE_PEOPLE).filter(
            level__in=[RegionLevel.TOWN, RegionLevel.VILLAGE]
        )
        self.fields["region"].queryset = regions
        if not self.is_bound:
            first = regions.order_by("level", "path").first()
            if first is not None:
                self.initial.setdefault("region", first.pk)

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(services.too_large_message())
        return file


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how Excel names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class MappingForm(forms.Form):
    """One select per column of the detected header: which field the column holds."""

    def __init__(self, *args, job: ImportJob, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.job = job
        current = job.column_mapping()
        choices = [("", _("（不导入）")), *services.mapping_choices()]
        self.rows: list[tuple[str, str, forms.BoundField]] = []
        for index, header in enumerate(job.columns or []):
            name = f"col_{index}"
            self.fields[name] = forms.ChoiceField(
                label=header or _("（空）"), choices=choices, required=False
            )
            self.initial[name] = current.get(index, "")
        for index, header in enumerate(job.columns or []):
            self.rows.append((column_letter(index), header, self[f"col_{index}"]))

    def clean(self):
        cleaned = super().clean()
        mapping = {
            int(name.removeprefix("col_")): value
            for name, value in cleaned.items()
            if name.startswith("col_") and value
        }
        try:
            self.mapping = services.check_mapping(mapping)
        except ServiceError as e:
            raise forms.ValidationError(e.message) from e
        return cleaned
