"""Forms of the review pages: the review itself, a follow-up, and turning a follow-up into
a need."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanwei.activities.forms import DateInput, regions_where
from sanwei.needs.models import NeedCategory, Urgency
from sanwei.needs.permissions import REGISTER_NEEDS
from sanwei.regions.forms import RegionChoiceField, VillageGroupChoiceField
from sanwei.regions.models import Region, RegionLevel

from .models import TEXT_MAX_CHARS, Review
from .permissions import MANAGE_REVIEWS


def _text(label, *, rows=3, required=True, max_length=TEXT_MAX_CHARS):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(),
        error_messages={
            "required": _("请填写%(what)s") % {"what": label},
            "max_length": _("不能超过%(limit_value)d个字"),
        },
    )


class ReviewForm(forms.ModelForm):
    """A review: the town or village, title, period, day held, participants, conclusions.
    On an existing review the region is not offered (it stays)."""

    region = RegionChoiceField(label=_("区划"), queryset=Region.objects.none())

    class Meta:
        model = Review
        fields = (
            "region", "title", "period_start", "period_end", "held_on", "participants",
            "conclusions",
        )  # fmt: skip
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "held_on": DateInput(),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "conclusions": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["region"]
        else:
            self.fields["region"].queryset = regions_where(user, MANAGE_REVIEWS).filter(
                level__in=(RegionLevel.TOWN, RegionLevel.VILLAGE)
            )
            self.fields["region"].empty_label = _("请选择乡镇或村（社区）")


class FollowUpForm(forms.Form):
    text = _text(_("整改事项"), rows=2)
    owner = _text(_("责任人"), rows=0, required=False, max_length=50)
    due_on = forms.DateField(label=_("完成期限"), required=False, widget=DateInput())


class ConvertForm(forms.Form):
    """Turn a follow-up into a need: where, which category, how urgent, what (default:
    the follow-up's text)."""

    region = VillageGroupChoiceField(label=_("村（社区）或小组"), queryset=Region.objects.none())
    category = forms.ModelChoiceField(
        label=_("类别"),
        queryset=NeedCategory.objects.filter(is_active=True),
        error_messages={"required": _("请选择需求类别")},
    )
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices, initial="normal")
    description = _text(_("需求内容（不填则用整改事项）"), rows=2, required=False)

    def __init__(self, *args, user, review: Review, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = (
            regions_where(user, REGISTER_NEEDS, RegionLevel.VILLAGE)
            .filter(path__startswith=review.region.path)
            .select_related("parent")
        )
        self.fields["region"].empty_label = _("请选择区划")
        self.fields["region"].error_messages["required"] = _("请选择村（社区）或小组")
