"""Forms of the need pages: register, and the action forms of a need's detail page."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from sanwei.activities.forms import regions_where
from sanwei.core.widgets import AutocompleteSelect
from sanwei.people.forms import household_label
from sanwei.people.models import Household
from sanwei.regions.forms import RegionChoiceField
from sanwei.regions.models import Region, RegionLevel

from .models import NEED_MAX_CHARS, NeedCategory, NeedSource, Urgency
from .permissions import REGISTER_NEEDS, WORK_NEEDS


def household_queryset():
    return Household.objects.select_related("region").order_by("region__path", "number", "pk")


def _text(label, *, rows=3, required=True):
    return forms.CharField(
        label=label,
        required=required,
        max_length=NEED_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": _("请填写%(what)s") % {"what": label},
            "max_length": _("不能超过%(limit_value)d个字"),
        },
    )


class HouseholdField(forms.ModelChoiceField):
    """A household picked by searching its head (thousands in a town: never a <select>)."""

    def __init__(self, **kwargs) -> None:
        widget = AutocompleteSelect(
            reverse_lazy("needs:household_picker"), placeholder=_("户主姓名、拼音或首字母")
        )
        super().__init__(widget=widget, **kwargs)

    def label_from_instance(self, obj) -> str:
        return household_label(obj)


class NeedForm(forms.Form):
    """Register a need: the village or 组, the household, what is needed, category,
    urgency, an optional photo. A volunteer's source is always the door-to-door visit."""

    region = RegionChoiceField(label=_("村（社区）或小组"), queryset=Region.objects.none())
    household = HouseholdField(label=_("户"), queryset=Household.objects.none(), required=False)
    description = _text(_("需求内容"), rows=4)
    category = forms.ModelChoiceField(
        label=_("类别"),
        queryset=NeedCategory.objects.filter(is_active=True),
        error_messages={"required": _("请选择需求类别")},
    )
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices, initial="normal")
    source = forms.ChoiceField(label=_("来源"), choices=NeedSource.choices[:2], initial="staff")
    photo = forms.FileField(label=_("照片"), required=False)

    def __init__(self, *args, user, staff: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        permission = REGISTER_NEEDS if staff else WORK_NEEDS
        self.fields["region"].queryset = regions_where(user, permission, RegionLevel.VILLAGE)
        self.fields["region"].empty_label = _("请选择区划")
        self.fields["region"].error_messages["required"] = _("请选择村（社区）或小组")
        self.fields["household"].queryset = household_queryset()
        if not staff:
            self.fields["source"].choices = [(NeedSource.VISIT, NeedSource.VISIT.label)]
            self.fields["source"].initial = NeedSource.VISIT


class ReasonForm(forms.Form):
    reason = _text(_("理由"))


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("评价"),
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择1到5星的评价"),
            "invalid_choice": _("请选择1到5星的评价"),
        },
    )
    comment = _text(_("评价意见"), required=False)


class DispatchForm(forms.Form):
    """One of the suggested volunteers ("v:<person id>") or squads ("t:<team id>")."""

    assignee = forms.ChoiceField(
        label=_("派给"), error_messages={"required": _("请选择一个承办小队或一名志愿者")}
    )

    def __init__(self, *args, volunteers, squads, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("请选择"))] + [
            (f"v:{c.obj.pk}", _("志愿者 %(name)s（%(region)s，在办 %(load)d）")
             % {"name": c.obj.name, "region": c.obj.region.name, "load": c.load})
            for c in volunteers
        ] + [
            (f"t:{c.obj.pk}", _("小队 %(name)s（在办 %(load)d）") % {"name": c.obj.name, "load": c.load})
            for c in squads
        ]  # fmt: skip
        self.fields["assignee"].error_messages["invalid_choice"] = _("请从建议名单中选择")


class ResolveForm(forms.Form):
    """What was done, a photo, and the hours of each worker (blank: not there)."""

    summary = _text(_("办理情况"))
    photo = forms.FileField(label=_("照片"), required=False)

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.people = list(people)
        for person in self.people:
            self.fields[f"hours_{person.pk}"] = forms.DecimalField(
                label=_("%(name)s的服务时长（小时）") % {"name": person.name},
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(24),
                decimal_places=2,
                error_messages={
                    "invalid": _("服务时长须是数字"),
                    "min_value": _("服务时长不能为负数"),
                    "max_value": _("服务时长不能超过24小时"),
                    "max_decimal_places": _("服务时长最多保留两位小数"),
                },
            )

    def clean(self):
        data = super().clean()
        if (
            self.people
            and not any(data.get(f"hours_{p.pk}") is not None for p in self.people)
            and not self.errors
        ):
            raise forms.ValidationError(_("请填写至少一名志愿者的服务时长"))
        return data

    def hours(self) -> dict:
        return {
            p: self.cleaned_data[f"hours_{p.pk}"]
            for p in self.people
            if self.cleaned_data.get(f"hours_{p.pk}") is not None
        }
