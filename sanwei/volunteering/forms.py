from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sanwei.core.widgets import AutocompleteSelect
from sanwei.people.models import Person
from sanwei.teams.forms import MemberChoiceField
from sanwei.teams.models import Team

from .models import ServiceCategory
from .services import SERVICE_TEAM_KINDS


class CategoryForm(forms.ModelForm):
    class Meta:
        model = ServiceCategory
        fields = ["name", "code", "description", "is_active", "sort_order"]
        help_texts = {"code": _("英文小写字母、数字、下划线，如 forest_fire")}

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)  # categories are global: no per-user choices


class ServiceActivityForm(forms.Form):
    """A 微服务 activity's category, sign-up limit, place and squad (the last two are the
    activity's own fields)."""

    category = forms.ModelChoiceField(
        queryset=ServiceCategory.objects.none(), label=_("服务类别"), empty_label=None
    )
    signup_limit = forms.IntegerField(
        label=_("报名人数上限"),
        required=False,
        min_value=1,
        max_value=100000,
        help_text=_("不填则不限人数；报满后再报名的志愿者进入候补名单"),
    )
    place = forms.CharField(label=_("服务地点"), max_length=200)
    squad = forms.ModelChoiceField(
        queryset=Team.objects.none(), label=_("负责的志愿服务小队"), empty_label=None
    )

    def __init__(self, *args, activity, current=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        categories = ServiceCategory.objects.filter(is_active=True)
        if current is not None:
            categories = ServiceCategory.objects.filter(
                is_active=True
            ) | ServiceCategory.objects.filter(pk=current.pk)
        self.fields["category"].queryset = categories.order_by("sort_order", "name")
        # The squads and squadrons the caller sees (their scope), of the activity's town.
        town = activity.region.path[:9]
        self.fields["squad"].queryset = (
            Team.objects.filter(kind__in=SERVICE_TEAM_KINDS, region__path__startswith=town)
            .select_related("region")
            .order_by("region__path", "name")
        )


class SignUpForm(forms.Form):
    """Staff sign a volunteer up, picked by searching the registered volunteers in scope."""

    person = MemberChoiceField(
        queryset=Person.objects.none(),
        label=_("志愿者"),
        widget=AutocompleteSelect(placeholder=_("姓名、拼音、首字母或手机尾号")),
        error_messages={
            "invalid_choice": _("请选择您管辖范围内登记在册的志愿者"),
            "required": _("请先查找并选择一位志愿者"),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].widget.url = reverse("volunteering:volunteer_picker")
        self.fields["person"].queryset = volunteers_in_scope()


def volunteers_in_scope():
    """Registered volunteers among the people the caller sees (scoped)."""
    return Person.objects.filter(volunteer_profile__isnull=False).select_related("region")
