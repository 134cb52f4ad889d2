"""Forms of the courtyard-meeting pages: the new meeting (an activity form without the
type), a host, the closing record, an opinion entered on a phone, and the import."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sanwei.activities.forms import ActivityForm
from sanwei.core.widgets import AutocompleteSelect
from sanwei.people.models import Person

from .meetings import HOST_NAME_MAX, HOST_STANDINGS, MINUTES_MAX_CHARS
from .models import OPINION_MAX_CHARS, CourtyardMeeting


class MeetingForm(ActivityForm):
    """An activity form whose type is fixed (屋场会) and which has no main session."""

    class Meta(ActivityForm.Meta):
        fields = [
            "title",
            "campaign",
            "region",
            "organising_team",
            "starts_at",
            "ends_at",
            "place",
            "audience_headcount",
            "notes",
            "checkin_opens_before",
            "checkin_closes_after",
        ]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, user=user, **kwargs)
        for name in ("activity_type", "main_session"):
            self.fields.pop(name, None)
        self.fields["title"].initial = _("屋场会")


class PersonPickField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name}（{obj.region.name}）"


def _person_field(meeting: CourtyardMeeting, label, field_id: str) -> PersonPickField:
    from .meetings import meeting_village

    village = meeting_village(meeting)
    return PersonPickField(
        label=label,
        required=False,
        queryset=Person.objects.select_related("region").filter(
            region__path__startswith=village.path
        ),
        widget=AutocompleteSelect(
            reverse("seminar:meeting_people", args=[meeting.pk]),
            placeholder=_("输入姓名或拼音查找本村群众"),
            attrs={"id": field_id},
        ),
    )


class HostForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)
    name = forms.CharField(
        label=_("或填写姓名"), max_length=HOST_NAME_MAX, required=False, strip=True
    )
    standing = forms.ChoiceField(label=_("身份"), choices=HOST_STANDINGS)

    def __init__(self, *args, meeting: CourtyardMeeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = _person_field(meeting, _("主持人（本村群众）"), "host-person")

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("name") and "person" not in self.errors:
            self.add_error("name", _("请选择或填写主持人姓名"))
        return data


class CloseForm(forms.Form):
    minutes = forms.CharField(
        label=_("会议纪要"),
        max_length=MINUTES_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attendee_count = forms.IntegerField(
        label=_("参会人数"),
        min_value=0,
        max_value=100_000,
        required=False,
        help_text=_("留空则按已登记的人数加未登记人数计"),
    )


class OpinionEntryForm(forms.Form):
    text = forms.CharField(
        label=_("意见内容"),
        max_length=OPINION_MAX_CHARS,
        min_length=2,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        error_messages={
            "required": _("请填写意见内容"),
            "min_length": _("意见内容至少2个字"),
            "max_length": _("意见内容不能超过%(limit_value)d个字"),
        },
    )
    raised_by = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)
    raised_by_name = forms.CharField(label=_("或填写提出人姓名"), max_length=50, required=False)
    photo = forms.FileField(label=_("照片（可选，jpg/png）"), required=False)

    def __init__(self, *args, meeting: CourtyardMeeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["raised_by"] = _person_field(meeting, _("提出人（本村群众）"), "raiser")
        self.fields["photo"].widget.attrs["accept"] = "image/jpeg,image/png"

    def clean(self):
        data = super().clean()
        if (
            not data.get("raised_by")
            and not (data.get("raised_by_name") or "").strip()
            and "raised_by" not in self.errors
        ):
            self.add_error("raised_by_name", _("请选择或填写提出人"))
        return data
