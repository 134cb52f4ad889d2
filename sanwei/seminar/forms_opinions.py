"""Forms of the opinion pages. Texts are checked by the services (one set of Chinese
messages for pages and API); choice querysets are built per request from the scoped
managers."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from sanwei.accounts.models import RoleAssignment
from sanwei.accounts.permissions import ROLE_PERMISSIONS
from sanwei.activities.forms import regions_where
from sanwei.activities.models import Campaign
from sanwei.needs.models import NeedCategory, Urgency
from sanwei.regions.forms import RegionChoiceField
from sanwei.regions.models import Region

from .models import OPINION_MAX_CHARS, AnswerTemplate, Decision, Opinion, OpinionCategory
from .permissions import ANSWER_OPINIONS, CHANGE_OPINIONS


def user_label(user) -> str:
    return user.get_full_name() or user.get_username()


def assignee_candidates(opinion: Opinion):
    """Active accounts with ANSWER_OPINIONS on a region containing the opinion's."""
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if ANSWER_OPINIONS in perms]
    path = opinion.region.path
    ids = {
        user_id
        for user_id, root in RoleAssignment.objects.filter(role__in=roles).values_list(
            "user_id", "region__path"
        )
        if path.startswith(root)
    }
    return (
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .order_by("first_name", "username")
    )


def ancestors_and_self(region: Region) -> list[Region]:
    chain = [region]
    while chain[-1].parent_id is not None:
        chain.append(chain[-1].parent)
    return chain


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return user_label(obj)


def _text(label, *, rows=4, required=False, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        strip=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": OPINION_MAX_CHARS}),
    )


def _date(label, *, required=False):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class OpinionForm(forms.Form):
    """An opinion raised outside a meeting (a call, a visit to the office)."""

    region = RegionChoiceField(label=_("村（社区）"), queryset=Region.objects.none())
    text = _text(_("意见内容"), rows=5, help_text=_("2至1000个字"))
    raised_by_name = forms.CharField(label=_("提出人姓名"), required=False, max_length=200)
    raised_on = _date(_("提出日期"), required=True)
    campaign = forms.ModelChoiceField(
        label=_("专题"), queryset=Campaign.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_where(user, CHANGE_OPINIONS)
        self.fields["region"].empty_label = _("请选择区划")
        self.fields["campaign"].queryset = Campaign.objects.order_by("-starts_on")


class AssignForm(forms.Form):
    assignee = UserChoiceField(
        label=_("承办人"), queryset=get_user_model().objects.none(), required=False
    )
    assignee_office = forms.CharField(label=_("承办单位"), required=False, max_length=200)
    due_on = _date(_("答复期限"))
    note = forms.CharField(label=_("交办说明"), required=False, max_length=500)

    def __init__(self, *args, opinion: Opinion, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignee_candidates(opinion)
        self.fields["assignee"].empty_label = _("（不指定个人）")
        if opinion.assignee_id and not self.is_bound:
            self.initial.setdefault("assignee", opinion.assignee_id)
            self.initial.setdefault("assignee_office", opinion.assignee_office)


class AnswerForm(forms.Form):
    reply = _text(_("答复内容"), rows=6, help_text=_("写给群众看的答复，2至1000个字"))


class TemplatePickForm(forms.Form):
    """The answer form's template picker (a GET form: the page comes back with the
    template's text in the reply box)."""

    template = forms.ModelChoiceField(
        label=_("答复模板"), queryset=AnswerTemplate.objects.none(), required=False
    )

    def __init__(self, *args, opinion: Opinion | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        templates = AnswerTemplate.objects.order_by("title", "pk")
        if opinion is not None:  # the opinion's region's and those of the regions above it
            templates = templates.filter(region__in=ancestors_and_self(opinion.region))
        self.fields["template"].queryset = templates
        self.fields["template"].empty_label = _("选择模板…")


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("采纳情况"), choices=Decision.choices, widget=forms.RadioSelect
    )
    reason = _text(_("采纳说明"), rows=3, help_text=_("部分采纳或不采纳时必填"))


class CloseForm(forms.Form):
    note = forms.CharField(label=_("办结说明"), required=False, max_length=500)


class ReopenForm(forms.Form):
    reason = _text(_("重新办理的原因"), rows=3)
    due_on = _date(_("新的答复期限"))


class ConvertForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("需求类别"), queryset=NeedCategory.objects.none(), empty_label=_("请选择类别")
    )
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices)
    description = _text(_("需求内容"), rows=3, help_text=_("不填则用意见内容"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = NeedCategory.objects.filter(is_active=True)


class BulkAnswerForm(forms.Form):
    opinions = forms.ModelMultipleChoiceField(
        queryset=Opinion.objects.none(), error_messages={"required": _("请选择要答复的意见")}
    )
    reply = _text(_("统一答复内容"), rows=4)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opinions"].queryset = Opinion.objects.all()


class AnswerTemplateForm(forms.ModelForm):
    region = RegionChoiceField(label=_("区划"), queryset=Region.objects.none())
    body = _text(_("答复内容"), rows=6, required=True)

    class Meta:
        model = AnswerTemplate
        fields = ["title", "region", "category", "body"]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_where(user, CHANGE_OPINIONS)
        self.fields["region"].empty_label = _("请选择区划")
        self.fields["category"].queryset = OpinionCategory.objects.filter(is_active=True)
        self.fields["category"].required = False
