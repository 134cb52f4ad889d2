from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sanwei.core.errors import ServiceError

from .services import NAME_MAX, clean_mobile, clean_name


class CheckinForm(forms.Form):
    """What a resident types on the public check-in page."""

    name = forms.CharField(
        label=_("姓名"),
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}
        ),
    )

    def clean_name(self) -> str:
        try:
            return clean_name(self.cleaned_data["name"])
        except ServiceError as e:
            raise ValidationError(e.message, code=e.code) from e

    def clean_phone(self) -> str:
        try:
            return clean_mobile(self.cleaned_data["phone"])
        except ServiceError as e:
            raise ValidationError(e.message, code=e.code) from e
