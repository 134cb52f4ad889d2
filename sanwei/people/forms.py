"""Forms for people and households. Choices are built per request from scoped managers;
the rules themselves run in `services` (the views turn ServiceError into field errors)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import construct_instance
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from sanwei.core.errors import ServiceError
from sanwei.core.widgets import AutocompleteSelect
from sanwei.regions.forms import VillageGroupChoiceField
from sanwei.regions.models import Region

from . import services
from .models import Household, Person

DATE_WIDGET = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}


def household_label(household: Household) -> str:
    return f"{household.region.name} · {household}"


def household_choices(regions) -> QuerySet[Household]:
    """The households a person may be put in: those of `regions` (see person_regions)."""
    return (
        Household.objects.filter(region__in=regions)
        .select_related("region")
        .prefetch_related("members")
        .order_by("region__path", "number", "pk")
    )


class HouseholdChoiceField(forms.ModelChoiceField):
    """A household, picked by searching its head (thousands in a town: never a <select>)."""

    def __init__(self, **kwargs) -> None:
        widget = AutocompleteSelect(
            reverse_lazy("people:household_picker"), placeholder=_("户主姓名、拼音或首字母")
        )
        super().__init__(widget=widget, **kwargs)

    def label_from_instance(self, obj: Household) -> str:
        return household_label(obj)


class ServiceModelForm(forms.ModelForm):
    """A ModelForm whose uniqueness and constraint checks are left to the service, so
    every such error comes with the service's Chinese message."""

    def _post_clean(self) -> None:
        exclude = self._get_validation_exclusions()
        try:
            self.instance = construct_instance(
                self, self.instance, self._meta.fields, self._meta.exclude
            )
        except ValidationError as e:
            self._update_errors(e)
        try:
            self.instance.full_clean(
                exclude=exclude, validate_unique=False, validate_constraints=False
            )
        except ValidationError as e:
            self._update_errors(e)


class PersonForm(ServiceModelForm):
    id_number = forms.CharField(
        label=_("身份证号码"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    # Wider than the model field: the service normalises "+86 138-0000-0000" to 11 digits.
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    landline = forms.CharField(
        label=_("固定电话"),
        max_length=30,
        required=False,
        help_text=_("区号加号码，如0744-1234567"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    # Declared so no queryset is built at import time; __init__ sets the scoped ones.
    region = VillageGroupChoiceField(label=_("村/组"), queryset=Region.objects.none())
    household = HouseholdChoiceField(
        label=_("户"), queryset=Household.objects.none(), required=False
    )

    class Meta:
        model = Person
        fields = [
            "name",
            "id_number",
            "gender",
            "birth_date",
            "ethnicity",
            "phone",
            "landline",
            "region",
            "household",
            "relation_to_head",
            "party_status",
            "party_joined_on",
            "party_branch",
            "is_frail",
            "is_mobility_impaired",
            "is_migrant",
            "migrant_destination",
            "lecturer_category",
            "cadre_post",
            "skills",
            "notes",
        ]
        widgets = {
            "birth_date": forms.DateInput(**DATE_WIDGET),
            "party_joined_on": forms.DateInput(**DATE_WIDGET),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        editing = self.instance.pk is not None
        current_region = self.instance.region if editing else None
        regions = services.person_regions(user, include=current_region)
        self.fields["region"].queryset = regions
        self.fields["household"].queryset = household_choices(regions)
        self.fields["birth_date"].help_text = _("留空则按身份证号码自动填写")
        self.fields["gender"].help_text = _("留空则按身份证号码自动填写")
        if editing:
            # The stored phone is never put into the page: the field shows it masked,
            # and sending the masked value back keeps it.
            self.initial["phone"] = services.masked_phone(self.instance)
            if self.instance.phone:
                self.fields["phone"].help_text = _("不修改则保留原号码，清空则删除")
            self.initial["landline"] = services.masked_landline(self.instance)
            if self.instance.landline:
                self.fields["landline"].help_text = _("不修改则保留原号码，清空则删除")
            masked = services.masked_id(self.instance)
            self.fields["id_number"].help_text = (
                _("留空则保留原号码（%(masked)s）") % {"masked": masked}
                if masked
                else _("尚未登记身份证号码")
            )

    def clean_phone(self) -> str:
        raw = (self.cleaned_data.get("phone") or "").strip()
        if self.instance.pk and self.instance.phone and raw == services.masked_phone(self.instance):
            return self.instance.phone
        try:
            return services.clean_phone(raw)
        except ServiceError as e:
            raise ValidationError(e.message, code=e.code) from e

    def clean_landline(self) -> str:
        raw = (self.cleaned_data.get("landline") or "").strip()
        stored = self.instance.landline
        if self.instance.pk and stored and raw == services.masked_landline(self.instance):
            return stored
        try:
            return services.clean_landline(raw)
        except ServiceError as e:
            raise ValidationError(e.message, code=e.code) from e

    def _post_clean(self) -> None:
        super()._post_clean()
        # The phones are not model fields (they are stored encrypted): set them here.
        for name in ("phone", "landline"):
            if name in self.cleaned_data:
                setattr(self.instance, name, self.cleaned_data[name])

    def id_number_value(self) -> str | None:
        """What to pass to `services.save_person`: None keeps the stored number on edit."""
        raw = (self.cleaned_data.get("id_number") or "").strip()
        if not raw and self.instance.pk is not None:
            return None
        return raw


class HouseholdForm(ServiceModelForm):
    region = VillageGroupChoiceField(label=_("村/组"), queryset=Region.objects.none())

    class Meta:
        model = Household
        fields = ["region", "number", "address"]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current_region = self.instance.region if self.instance.pk else None
        self.fields["region"].queryset = services.person_regions(user, include=current_region)
