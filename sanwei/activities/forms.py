"""Forms of the activity pages. Choice querysets are built per request in __init__ from the
scoped managers, so a user is only offered what lies in their region scope."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator
from django.db.models import Q, QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from sanwei.accounts.permissions import CHANGE_ACTIVITIES, CHANGE_CAMPAIGNS
from sanwei.core.forms import service_errors_on
from sanwei.core.widgets import AutocompleteSelect
from sanwei.people.models import Person
from sanwei.regions.forms import RegionChoiceField
from sanwei.regions.models import Region, RegionLevel
from sanwei.regions.services import regions_with_permission
from sanwei.teams.forms import TeamChoiceField, team_choices
from sanwei.teams.models import Team

from . import services
from .models import Activity, ActivityType, AttendanceRole, Campaign

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_LOCAL)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def local_datetime_field(label) -> forms.DateTimeField:
    """Entered in the site's time zone (Asia/Shanghai) by an `<input type=datetime-local>`."""
    return forms.DateTimeField(
        label=label,
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )


def regions_where(user, permission: str, min_level: int = RegionLevel.TOWN):
    """Regions in the user's scope (and at least `min_level` deep) where they hold `permission`."""
    return regions_with_permission(user, permission).filter(level__gte=min_level).order_by("path")


class TypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ActivityType) -> str:
        return f"{obj.get_pillar_display()} · {obj.name}"


def main_session_label(activity: Activity) -> str:
    return f"{activity.title}（{activity.campaign.name} · {activity.starts_at:%Y-%m-%d}）"


def main_session_choices() -> QuerySet[Activity]:
    """Activities that may be a main venue (they are not a sub-venue themselves)."""
    return Activity.objects.filter(main_session__isnull=True).select_related("campaign")


class MainSessionChoiceField(forms.ModelChoiceField):
    """A main venue, picked by searching its title (hundreds in a town), narrowed to the
    campaign chosen in the same form."""

    def __init__(self, **kwargs) -> None:
        widget = AutocompleteSelect(
            reverse_lazy("activities:main_session_picker"),
            placeholder=_("输入主会场活动名称查找"),
            include="[name=campaign]",
        )
        super().__init__(widget=widget, **kwargs)

    def label_from_instance(self, obj: Activity) -> str:
        return main_session_label(obj)


class ActivityForm(forms.ModelForm):
    activity_type = TypeChoiceField(label=_("活动类型"), queryset=ActivityType.objects.none())
    campaign = forms.ModelChoiceField(label=_("专题"), queryset=Campaign.objects.none())
    region = RegionChoiceField(label=_("区划"), queryset=Region.objects.none())
    organising_team = TeamChoiceField(
        label=_("组织队伍"), queryset=Team.objects.none(), required=False
    )
    main_session = MainSessionChoiceField(
        label=_("主会场"),
        queryset=Activity.objects.none(),
        required=False,
        help_text=_("本活动是分会场时，选择主会场（须同一专题）"),
    )
    starts_at = local_datetime_field(_("开始时间"))
    ends_at = local_datetime_field(_("结束时间"))

    class Meta:
        model = Activity
        fields = [
            "title",
            "activity_type",
            "campaign",
            "region",
            "organising_team",
            "main_session",
            "starts_at",
            "ends_at",
            "mode",
            "place",
            "audience_headcount",
            "notes",
            "checkin_opens_before",
            "checkin_closes_after",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        instance = self.instance
        types = ActivityType.objects.filter(Q(is_active=True) | Q(pk=instance.activity_type_id))
        self.fields["activity_type"].queryset = types.order_by("pillar", "sort_order", "name")
        self.fields["campaign"].queryset = Campaign.objects.select_related("region")
        self.fields["region"].queryset = regions_where(user, CHANGE_ACTIVITIES)
        self.fields["organising_team"].queryset = team_choices()
        mains = main_session_choices()
        if instance.pk:
            mains = mains.exclude(pk=instance.pk)
        self.fields["main_session"].queryset = mains
        for name, label in (
            ("activity_type", _("请选择活动类型")),
            ("campaign", _("请选择专题")),
            ("region", _("请选择区划")),
        ):
            self.fields[name].empty_label = label
        # The check-in window: left empty (or not posted at all), the activity keeps its
        # value (60 and 120 minutes for a new one).
        for name in self.CHECKIN_WINDOW:
            self.fields[name].required = False

    CHECKIN_WINDOW = ("checkin_opens_before", "checkin_closes_after")

    def _window_minutes(self, name: str) -> int:
        value = self.cleaned_data.get(name)
        return getattr(self.instance, name) if value is None else value

    def clean_checkin_opens_before(self) -> int:
        return self._window_minutes("checkin_opens_before")

    def clean_checkin_closes_after(self) -> int:
        return self._window_minutes("checkin_closes_after")

    def clean(self):
        data = super().clean()
        with service_errors_on(self):
            services.check_times(data.get("starts_at"), data.get("ends_at"))
        return data


class CampaignForm(forms.ModelForm):
    region = RegionChoiceField(label=_("区划"), queryset=Region.objects.none())

    class Meta:
        model = Campaign
        fields = [
            "name",
            "theme",
            "region",
            "starts_on",
            "ends_on",
            "target_person_coverage",
            "target_household_coverage",
            "description",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_where(user, CHANGE_CAMPAIGNS)
        self.fields["region"].empty_label = _("请选择区划")
        for name in ("target_person_coverage", "target_household_coverage"):
            self.fields[name].widget.attrs.update({"min": 0, "max": 100})
            self.fields[name].validators.append(MaxValueValidator(100))

    def clean(self):
        data = super().clean()
        with service_errors_on(self):
            services.check_dates(data.get("starts_on"), data.get("ends_on"))
        return data


class ActivityTypeForm(forms.ModelForm):
    class Meta:
        model = ActivityType
        fields = ["name", "code", "pillar", "description", "is_delivery", "is_active", "sort_order"]
        help_texts = {"code": _("英文小写字母、数字、下划线，如 mobile_lecture")}

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)  # types are global: no per-user choices


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("查找群众"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "placeholder": _("姓名、拼音或手机尾号"),
                "autocomplete": "off",
                "type": "search",
            }
        ),
    )


class AttendanceForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("群众"), queryset=Person.objects.none(), widget=forms.HiddenInput
    )
    role = forms.ChoiceField(
        label=_("身份"), choices=AttendanceRole.choices, initial=AttendanceRole.AUDIENCE
    )
    hours = forms.DecimalField(
        label=_("时长(小时)"),
        required=False,
        min_value=0,
        max_value=24,
        decimal_places=1,
        initial=0,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": 0, "max": 24}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.select_related("region")
        self.fields["person"].error_messages["invalid_choice"] = _(
            "所选群众不存在或不在您的管辖范围内"
        )
        self.fields["person"].error_messages["required"] = _("请先查找并选择一位群众")


class HeadcountForm(forms.Form):
    audience_headcount = forms.IntegerField(
        label=_("未登记姓名的受众人数"),
        min_value=0,
        max_value=100000,
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("文件"))
