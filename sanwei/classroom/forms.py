"""Forms of the classroom pages. Choice querysets are built per request in __init__ from the
scoped managers, so a user is only offered what lies in their region scope."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanwei.accounts.models import RoleAssignment
from sanwei.activities.forms import local_datetime_field, regions_where
from sanwei.activities.models import Campaign
from sanwei.core.uploads import format_size
from sanwei.core.widgets import AutocompleteSelect
from sanwei.people.models import Person
from sanwei.regions.forms import RegionChoiceField
from sanwei.regions.models import Region
from sanwei.teams.forms import member_label
from sanwei.teams.models import Team, TeamKind

from .models import Material
from .permissions import CHANGE_MATERIALS
from .sanzhiban import CLOSING_MAX_CHARS_RANGE, DEFAULT_CLOSING_MAX_CHARS, PERFORMERS

MAX_ATTENDEES = 500


def material_choices() -> QuerySet[Material]:
    """Materials an activity may name (scoped: the user's region, above and below)."""
    return Material.objects.select_related("region").order_by("-created_at", "pk")


class MaterialChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Material) -> str:
        return f"{obj.title}（{obj.get_kind_display()}）"


def lecture_teams_for(user) -> QuerySet[Team]:
    """Lecture teams in the user's scope, those of the user's own regions first."""
    paths = list(
        RoleAssignment.objects.filter(user_id=getattr(user, "pk", None)).values_list(
            "region__path", flat=True
        )
    )
    own = Case(
        When(region__path__in=paths, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        Team.objects.filter(kind=TeamKind.LECTURE)
        .select_related("region")
        .annotate(own=own)
        .order_by("own", "region__path", "name")
    )


class LectureTeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Team) -> str:
        return f"{obj.name}（{obj.region.name}）"


class MaterialForm(forms.ModelForm):
    region = RegionChoiceField(label=_("区划"), queryset=Region.objects.none())
    url = forms.URLField(
        label=_("链接"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("音频、视频资料的链接地址"),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    upload = forms.FileField(
        label=_("文件"),
        required=False,
        help_text=_("文档资料上传文件：图片、PDF、Word、Excel、文本，不超过%(size)s")
        % {"size": format_size(settings.ATTACHMENT_MAX_BYTES)},
    )

    class Meta:
        model = Material
        fields = ["title", "kind", "region", "summary", "body", "url"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {"summary": _("分享到微信时显示的简介")}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_where(user, CHANGE_MATERIALS)
        self.fields["region"].empty_label = _("请选择区划")


class ActivityMaterialsForm(forms.Form):
    materials = MaterialChoiceField(
        label=_("使用的学习资料"), queryset=Material.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["materials"].queryset = material_choices()


class MobileLectureForm(forms.Form):
    team = LectureTeamChoiceField(label=_("宣讲队"), queryset=Team.objects.none())
    topic = forms.CharField(
        label=_("宣讲主题"),
        max_length=190,
        widget=forms.TextInput(attrs={"placeholder": _("如：党的二十大精神")}),
    )
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    starts_at = local_datetime_field(_("时间"))
    audience_headcount = forms.IntegerField(
        label=_("现场人数"),
        min_value=0,
        max_value=100000,
        initial=0,
        help_text=_("未逐一登记姓名的听众人数"),
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
    )
    campaign = forms.ModelChoiceField(
        label=_("专题"), queryset=Campaign.objects.none(), required=False
    )
    materials = MaterialChoiceField(
        label=_("使用的学习资料"), queryset=Material.objects.none(), required=False
    )
    attendees = forms.ModelMultipleChoiceField(
        label=_("登记姓名的听众"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.MultipleHiddenInput,
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        teams = lecture_teams_for(user)
        self.fields["team"].queryset = teams
        self.fields["team"].empty_label = None
        # A new team: its residents (and its 组) replace the list below (htmx).
        self.fields["team"].widget.attrs.update(
            {
                # POSTed: the name search it sends along stays out of the URL.
                "hx-post": reverse("classroom:lecture_residents"),
                "hx-vals": '{"search": 1}',
                "hx-include": "#lecture-form [name=q]",
                "hx-target": "#residents",
                "hx-swap": "outerHTML",
            }
        )
        self.fields["campaign"].queryset = Campaign.objects.select_related("region")
        self.fields["campaign"].empty_label = _("自动：当天进行中的专题")
        self.fields["materials"].queryset = material_choices()
        self.fields["attendees"].queryset = Person.objects.all()
        self.fields["attendees"].error_messages["invalid_choice"] = _(
            "所选群众不存在或不在您的管辖范围内"
        )
        if not self.is_bound:
            self.initial.setdefault("starts_at", timezone.localtime().replace(second=0))
            first = teams.first()
            if first is not None:
                self.initial.setdefault("team", first.pk)

    def clean_attendees(self):
        attendees = self.cleaned_data["attendees"]
        if len(attendees) > MAX_ATTENDEES:
            raise forms.ValidationError(_("一次最多登记%(n)s人") % {"n": MAX_ATTENDEES})
        return attendees


class PerformerChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs) -> None:
        widget = AutocompleteSelect(
            reverse_lazy("classroom:performer_picker"), placeholder=_("输入姓名或拼音查找")
        )
        super().__init__(widget=widget, **kwargs)

    def label_from_instance(self, obj: Person) -> str:
        return member_label(obj)


class ScriptForm(forms.Form):
    text = forms.CharField(
        label=_("剧本"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}),
        help_text=_(
            "可在第一行写标题《……》；每段四行，前三句为整句，第四句为短句（半句）；"
            "段与段之间空一行。行首可写“甲：”“乙：”“丙：”“丁：”。"
        ),
    )
    closing_max_chars = forms.IntegerField(
        label=_("第四句最多字数"),
        min_value=CLOSING_MAX_CHARS_RANGE[0],
        max_value=CLOSING_MAX_CHARS_RANGE[1],
        initial=DEFAULT_CLOSING_MAX_CHARS,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, PERFORMERS + 1):
            self.fields[f"performer_{n}"] = PerformerChoiceField(
                label=_("表演者%(n)s") % {"n": n},
                queryset=Person.objects.select_related("region"),
                required=False,
            )

    def performers(self) -> list[Person]:
        names = [f"performer_{n}" for n in range(1, PERFORMERS + 1)]
        return [p for p in (self.cleaned_data.get(name) for name in names) if p is not None]
