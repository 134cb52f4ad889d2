"""The form of one quantity (add and edit pages, the section on an activity or a need)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanwei.core.errors import ServiceError

from . import services
from .models import Quantity

ITEMS_DATALIST = "quantity-items"


class QuantityForm(forms.ModelForm):
    """Item (with the region's items offered as you type), quantity, unit, note. The
    service checks the rules (a positive number, a known unit)."""

    class Meta:
        model = Quantity
        fields = ["item", "quantity", "unit", "note"]
        widgets = {
            "item": forms.TextInput(
                attrs={"list": ITEMS_DATALIST, "placeholder": _("如：森林防火承诺书、饮用水")}
            ),
            "quantity": forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        }

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("请选择单位")), *self.fields["unit"].choices[1:]]

    # The services' own rules, so a refused value lands on its field with their message.
    def clean_item(self) -> str:
        return _checked(services.clean_item, self.cleaned_data.get("item"))

    def clean_quantity(self):
        return _checked(services.clean_quantity, self.cleaned_data.get("quantity"))


def _checked(rule, value):
    try:
        return rule(value)
    except ServiceError as e:
        raise forms.ValidationError(e.message, code=e.code) from e
