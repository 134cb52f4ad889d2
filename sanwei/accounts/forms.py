from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Role, RoleAssignment
from .permissions import MANAGE_ACCOUNTS, permission_scope

VILLAGE_PATH_LENGTH = 12


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


def _region_model():
    """The Region model, reached through the role assignment (accounts imports no
    domain app)."""
    return RoleAssignment._meta.get_field("region").related_model


def manageable_regions(user) -> QuerySet:
    """Regions (through the scoped manager) where `user` may grant roles, down to the
    villages."""
    regions = _region_model().objects.annotate(path_length=Length("path"))
    regions = regions.filter(path_length__lte=VILLAGE_PATH_LENGTH).order_by("path")
    where = permission_scope(user, MANAGE_ACCOUNTS)
    return regions if where is None else regions.filter(path__under=where)


class RegionSelect(forms.ModelChoiceField):
    """Regions indented by level below the town."""

    def label_from_instance(self, obj) -> str:
        depth = {9: 0, 12: 1}.get(len(obj.path), 0)
        return "\u3000" * depth + obj.name


class RoleFields(forms.Form):
    """A role and where it applies. The empty form offers only what the user may grant;
    a submitted one accepts any role and any region the user can see, so that the
    service, not the form, judges it (a crafted POST is refused there, with a 403)."""

    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    region = RegionSelect(label=_("区划"), queryset=None)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if self.is_bound:
            self.fields["region"].queryset = _region_model().objects.all()
        else:
            self.offer_grantable()

    def offer_grantable(self) -> None:
        """Show only what the user may grant (also on a form shown again with errors)."""
        self.fields["role"].choices = services.grantable_roles(self.user)
        self.fields["region"].queryset = manageable_regions(self.user)


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
        label=_("区划"), queryset=lambda request: manageable_regions(request.user),
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
