from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanwei.core.widgets import AutocompleteSelect
from sanwei.people.models import Person
from sanwei.teams.forms import MemberChoiceField

from .models import VolunteerProfile

PROFILE_FIELDS = (
    "skills",
    "job_post",
    "weekday_morning",
    "weekday_afternoon",
    "weekday_evening",
    "weekend_morning",
    "weekend_afternoon",
    "weekend_evening",
    "joined_on",
    "left_on",
)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VolunteerForm(forms.ModelForm):
    """A registered volunteer's editable fields."""

    class Meta:
        model = VolunteerProfile
        fields = PROFILE_FIELDS
        widgets = {"joined_on": DATE, "left_on": DATE}
        help_texts = {"skills": _("多项用顿号分隔，如：电工、驾驶、心理疏导")}

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)


class RegisterForm(VolunteerForm):
    """Registering a person: picked by searching among the people in scope who are not
    volunteers yet. Skills left empty start from the person's 技能特长."""

    person = MemberChoiceField(
        queryset=Person.objects.none(),
        label=_("群众"),
        widget=AutocompleteSelect(placeholder=_("姓名、拼音、首字母或手机尾号")),
        error_messages={
            "invalid_choice": _("请选择您管辖范围内尚未登记的群众"),
            "required": _("请先查找并选择一位群众"),
        },
    )

    class Meta(VolunteerForm.Meta):
        fields = ("person", *PROFILE_FIELDS[:-1])

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].widget.url = reverse("volunteers:person_candidates")
        self.fields["person"].queryset = Person.objects.filter(
            volunteer_profile__isnull=True
        ).select_related("region")
        self.fields["joined_on"].initial = timezone.localdate()


class IssueForm(forms.Form):
    issuer = forms.CharField(
        label=_("出具单位"), max_length=100, required=False, help_text=_("留空则为所在志愿服务品牌")
    )
