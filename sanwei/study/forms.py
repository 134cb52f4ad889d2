"""Forms of the study pages. Choice querysets are built per request from the scoped
managers, so a user is only offered what lies in their region scope."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanwei.activities.forms import regions_where
from sanwei.activities.models import Activity, Campaign
from sanwei.core.uploads import format_size
from sanwei.core.widgets import AutocompleteSelect
from sanwei.people.models import Person
from sanwei.regions.forms import RegionChoiceField
from sanwei.regions.models import Region, RegionLevel
from sanwei.teams.forms import member_label
from sanwei.teams.models import Team

from .models import SCORE_MAX, YOUTH_STUDY, Essay, SeriesRule, StudySeries
from .permissions import CHANGE_STUDY, SUBMIT_ESSAYS


class PersonChoiceField(forms.ModelChoiceField):
    """A resident picked by searching their name (the roster is thousands long)."""

    def __init__(self, **kwargs) -> None:
        widget = AutocompleteSelect(
            reverse_lazy("study:person_picker"), placeholder=_("输入姓名或拼音查找")
        )
        kwargs.setdefault("queryset", Person.objects.none())
        kwargs.setdefault(
            "error_messages", {"invalid_choice": _("所选人员不存在或不在您的管辖范围内")}
        )
        super().__init__(widget=widget, **kwargs)

    def label_from_instance(self, obj: Person) -> str:
        return member_label(obj)


def _campaigns():
    return Campaign.objects.select_related("region")


class SeriesForm(forms.ModelForm):
    campaign = forms.ModelChoiceField(label=_("专题"), queryset=Campaign.objects.none())
    region = RegionChoiceField(label=_("区划"), queryset=Region.objects.none())

    class Meta:
        model = StudySeries
        fields = [
            "title",
            "campaign",
            "region",
            "rule",
            "day_of_month",
            "week_of_month",
            "weekday",
            "start_time",
            "duration_minutes",
            "place",
        ]
        widgets = {"start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        help_texts = {"rule": _("按“每月几号”或“每月第几个星期几”安排")}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        regions = regions_where(user, CHANGE_STUDY).filter(level__lte=RegionLevel.VILLAGE)
        self.fields["region"].queryset = regions
        self.fields["region"].empty_label = _("请选择区划")
        self.fields["campaign"].queryset = _campaigns()
        self.fields["campaign"].empty_label = _("请选择专题")

    def clean(self):
        data = super().clean()
        rule = data.get("rule")
        if rule == SeriesRule.DAY and data.get("day_of_month") is None:
            self.add_error("day_of_month", _("请填写每月几号"))
        if rule == SeriesRule.WEEKDAY:
            if data.get("week_of_month") is None:
                self.add_error("week_of_month", _("请选择每月第几个"))
            if data.get("weekday") is None:
                self.add_error("weekday", _("请选择星期几"))
        return data


class ParticipantForm(forms.Form):
    person = PersonChoiceField(label=_("干部"))
    joined_on = forms.DateField(
        label=_("加入日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, series: StudySeries, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            region__path__startswith=series.region.path
        ).select_related("region")


class TeamJoinForm(forms.Form):
    team = forms.ModelChoiceField(label=_("队伍"), queryset=Team.objects.none())
    joined_on = forms.DateField(
        label=_("加入日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, series: StudySeries, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["team"]
        field.queryset = (
            Team.objects.filter(region__path__startswith=series.region.path)
            .select_related("region")
            .order_by("region__path", "name")
        )
        field.empty_label = _("请选择队伍")
        field.label_from_instance = lambda t: f"{t.name}（{t.region.name}）"


class LinkSessionForm(forms.Form):
    activity = forms.ModelChoiceField(
        label=_("已有的学习座谈活动"), queryset=Activity.objects.none()
    )

    def __init__(self, *args, series: StudySeries, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["activity"]
        field.queryset = (
            Activity.objects.filter(
                activity_type__code=YOUTH_STUDY,
                campaign_id=series.campaign_id,
                region__path__startswith=series.region.path,
                study_session__isnull=True,
            )
            .select_related("region")
            .order_by("starts_at")
        )
        field.empty_label = _("请选择活动")
        field.label_from_instance = lambda a: (
            f"{a.title}（{timezone.localtime(a.starts_at):%Y-%m-%d}）"
        )


class PresentationForm(forms.Form):
    person = forms.ModelChoiceField(label=_("发言人"), queryset=Person.objects.none())
    topic = forms.CharField(label=_("交流题目"), max_length=200)
    summary = forms.CharField(
        label=_("交流内容摘要"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, series: StudySeries, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The participants of the series: a few dozen cadres at most.
        field = self.fields["person"]
        field.queryset = Person.objects.filter(study_participations__series=series).order_by(
            "name", "pk"
        )
        field.empty_label = _("请选择发言人")


class EssayForm(forms.ModelForm):
    campaign = forms.ModelChoiceField(label=_("专题"), queryset=Campaign.objects.none())
    region = RegionChoiceField(label=_("区划"), queryset=Region.objects.none())
    author = PersonChoiceField(label=_("作者（名册中的人员）"), required=False)
    file = forms.FileField(
        label=_("Word 文档"),
        required=False,
        help_text=_("可上传 .docx 文档代替填写正文（不超过%(size)s），系统读取其中的文字")
        % {"size": format_size(settings.ATTACHMENT_MAX_BYTES)},
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )

    class Meta:
        model = Essay
        fields = ["title", "campaign", "region", "author", "author_name", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
        help_texts = {"author_name": _("作者不在名册中时填写姓名")}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        regions = regions_where(user, SUBMIT_ESSAYS).filter(level__lte=RegionLevel.VILLAGE)
        self.fields["region"].queryset = regions
        self.fields["region"].empty_label = _("请选择区划")
        self.fields["campaign"].queryset = _campaigns()
        self.fields["campaign"].empty_label = _("请选择专题")
        self.fields["author"].queryset = Person.objects.select_related("region")
        self.fields["author_name"].required = False
        self.fields["body"].required = False


class ReviewForm(forms.Form):
    score = forms.IntegerField(
        label=_("评分（0–100）"), min_value=0, max_value=SCORE_MAX, required=False
    )
    comment = forms.CharField(
        label=_("评语"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    excellent = forms.BooleanField(label=_("评为优秀"), required=False)


class RecommendForm(forms.Form):
    department = forms.CharField(label=_("推荐至部门"), max_length=100)
    recommended_on = forms.DateField(
        label=_("推荐日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)
