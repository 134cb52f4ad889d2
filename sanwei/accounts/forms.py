from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Role
from .rules import may_manage_role


class TokenForm(forms.Form):
    """The six digits an authenticator app shows now."""

    token = forms.RegexField(
        label=_("验证码"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("请输入验证器上显示的 6 位数字。")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()


# ------------------------------------------------------------------ managing accounts


class RegionSelect(forms.ModelChoiceField):
    """Regions indented by level below the town."""

    def label_from_instance(self, obj) -> str:
        depth = {9: 0, 12: 1}.get(len(obj.path), 0)
        return "\u3000" * depth + obj.name


def _role_label(role: str, *, below_only: bool) -> str:
    label = Role(role).label
    return _("%(role)s（仅限下级区划）") % {"role": label} if below_only else label


class RoleFields(forms.Form):
    """A role and where it applies: it offers only the roles, and the regions, the user may
    grant (`services.grantable`, the rule of `rules.may_manage_role`), and accepts only a
    pair the rule allows. A role the user may grant only in some of the regions offered
    (their own rank, below their own region) says so; a pair outside the rule, picked or
    crafted, is a form error, not a refusal."""

    role = forms.ChoiceField(label=_("角色"), choices=())
    region = RegionSelect(label=_("区划"), queryset=None)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        offer = services.grantable(user)
        everywhere = set().union(*offer.values())
        self.fields["role"].choices = [
            (role, _role_label(role, below_only=set(paths) != everywhere))
            for role, paths in offer.items()
        ]
        regions = services.manageable_regions(user)
        if len(everywhere) < regions.count():
            regions = regions.filter(path__in=everywhere)
        self.fields["region"].queryset = regions

    def clean(self) -> dict:
        cleaned = super().clean()
        role, region = cleaned.get("role"), cleaned.get("region")
        if role and region and not may_manage_role(self.user, role, region):
            self.add_error(
                "role",
                _(
                    "不能在“%(region)s”分配“%(role)s”：只能分配低于自己的角色，"
                    "或在下级区划分配与自己同级的角色。"
                )
                % {"region": region.name, "role": Role(role).label},
            )
        return cleaned


class AccountCreateForm(RoleFields):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("登录用，字母、数字或 @.+-_，如 zhangsan"),
    )
    full_name = forms.CharField(label=_("姓名"), max_length=150)

    field_order = ("username", "full_name", "role", "region")


class AccountFilter(django_filters.FilterSet):
    """The users page's filters: a role, a region (its subtree), active or not, a name."""

    q = django_filters.CharFilter(label=_("用户名或姓名"), method="filter_q")
    role = django_filters.ChoiceFilter(
        label=_("角色"), choices=Role.choices, method="filter_role", empty_label=_("全部")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("区划"), queryset=lambda request: services.manageable_regions(request.user),
        method="filter_region",
    )  # fmt: skip
    is_active = django_filters.ChoiceFilter(
        label=_("状态"),
        choices=(("1", _("启用")), ("0", _("已停用"))),
        method="filter_active",
        empty_label=_("全部"),
    )

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(username__icontains=value) | Q(first_name__icontains=value))

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "1")

    def filter_role(self, queryset, name, value):
        return queryset.filter(role_assignments__role=value).distinct()

    def filter_region(self, queryset, name, value):
        return queryset.filter(role_assignments__region__path__startswith=value.path).distinct()


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("用途"), max_length=100, help_text=_("如：与县平台对接"))
    expires_on = forms.DateField(
        label=_("到期日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("最长一年"),
    )
