"""The users page (accounts, their roles, password and two-factor resets) and the API
tokens page. Thin: who may see and manage whom is in `services`.

An account or token another user cannot see (no role in their regions) is a 404; one they
see but may not manage is a 403 (the service refuses)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.forms import add_service_error
from sanwei.core.viewkit import ListPage

from . import services
from .forms import AccountCreateForm, AccountFilter, RoleFields, TokenCreateForm
from .models import TOKEN_DEFAULT_DAYS, RoleAssignment
from .permissions import MANAGE_ACCOUNTS, can


class AccountList(ListPage):
    permission = MANAGE_ACCOUNTS
    filterset_class = AccountFilter
    template_name = "accounts/account_list.html"

    def get_queryset(self):
        self.filterset = AccountFilter(
            self.request.GET or None,
            queryset=services.listed_accounts(self.request.user),
            request=self.request,
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        for account in context["page_obj"]:
            account.manageable = services.may_manage_account(self.request.user, account)
        context["can_create"] = bool(services.grantable(self.request.user))
        return context


def _require_manager(request: HttpRequest) -> None:
    if not can(request.user, MANAGE_ACCOUNTS):
        raise PermissionDenied(MANAGE_ACCOUNTS)


def _visible_account(request: HttpRequest, account_pk: int):
    return get_object_or_404(services.visible_accounts(request.user), pk=account_pk)


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest) -> HttpResponse:
    """A new account with one role; its one-time password is shown on the answer, once."""
    _require_manager(request)
    form = AccountCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            account, password = services.create_account(
                username=form.cleaned_data["username"],
                full_name=form.cleaned_data["full_name"],
                role=form.cleaned_data["role"],
                region=form.cleaned_data["region"],
                user=request.user,
            )
        except NotPermitted:
            raise
        except ServiceError as e:
            add_service_error(form, e)
        else:
            return _one_time_password(request, account, password, created=True)
    return render(request, "accounts/account_form.html", {"form": form})


def _one_time_password(request, account, password: str, *, created: bool) -> HttpResponse:
    """The page showing a one-time password: rendered, not redirected to, so it is never
    stored anywhere to be shown again (and never cached: Cache-Control no-store)."""
    return render(
        request,
        "accounts/one_time_password.html",
        {"account": account, "password": password, "created": created},
    )


@login_required
@require_GET
def account_detail(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = _visible_account(request, account_pk)
    _require_manager(request)
    if not services.listed_accounts(request.user).filter(pk=account.pk).exists():
        raise PermissionDenied(MANAGE_ACCOUNTS)
    manageable = services.may_manage_account(request.user, account)
    return render(
        request,
        "accounts/account_detail.html",
        {
            "account": account,
            "assignments": [
                (a, manageable and services.may_manage_role(request.user, a.role, a.region))
                for a in account.role_assignments.select_related("region").order_by(
                    "region__path", "role"
                )
            ],
            "manageable": manageable,
            "role_form": RoleFields(user=request.user, auto_id="role_%s"),
            "otp_enabled": services.confirmed_device(account) is not None,
            "must_change": services.must_change_password(account),
            "tokens": services.listed_tokens(request.user).filter(user=account),
        },
    )


def _act(request: HttpRequest, account, action, success: str) -> HttpResponse:
    """Run one service on the account; a refusal is a 403, another ServiceError a message."""
    try:
        action()
    except NotPermitted:
        raise
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, success)
    return redirect("accounts:account_detail", account.pk)


@login_required
@require_POST
def account_set_active(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = _visible_account(request, account_pk)
    active = request.POST.get("active") == "1"
    return _act(
        request,
        account,
        lambda: services.set_account_active(account, active, user=request.user),
        _("账号已启用") if active else _("账号已停用，其登录和 API 令牌随即失效"),
    )


@login_required
@require_POST
def account_reset_password(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = _visible_account(request, account_pk)
    password = services.reset_password(account, user=request.user)
    return _one_time_password(request, account, password, created=False)


@login_required
@require_POST
def account_reset_two_factor(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = _visible_account(request, account_pk)
    return _act(
        request,
        account,
        lambda: services.reset_two_factor(account, user=request.user),
        _("已清除两步验证设备；该账号下次登录时需重新绑定验证器"),
    )


@login_required
@require_POST
def account_add_role(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = _visible_account(request, account_pk)
    form = RoleFields(request.POST, user=request.user)
    if not services.may_manage_account(request.user, account):
        raise PermissionDenied(MANAGE_ACCOUNTS)
    if not form.is_valid():
        errors = "；".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, _("未添加角色：%(errors)s") % {"errors": errors})
        return redirect("accounts:account_detail", account.pk)
    return _act(
        request,
        account,
        lambda: services.grant_role(
            account,
            role=form.cleaned_data["role"],
            region=form.cleaned_data["region"],
            user=request.user,
        ),
        _("已添加角色"),
    )


@login_required
@require_POST
def account_remove_role(request: HttpRequest, account_pk: int, assignment_pk: int) -> HttpResponse:
    account = _visible_account(request, account_pk)
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("user", "region"), pk=assignment_pk, user=account
    )
    return _act(
        request,
        account,
        lambda: services.revoke_role(assignment, user=request.user),
        _("已移除角色"),
    )


# ------------------------------------------------------------------------ API tokens


@login_required
@require_GET
def token_list(request: HttpRequest) -> HttpResponse:
    tokens = list(services.listed_tokens(request.user))
    for token in tokens:
        token.revocable = token.state == "active" and services.may_manage_tokens(
            request.user, token.user
        )
    return render(request, "accounts/token_list.html", {"tokens": tokens})


@login_required
@require_http_methods(["GET", "POST"])
def token_create(request: HttpRequest) -> HttpResponse:
    """A new token, for oneself or (`?user=<id>`) for an account one manages; its value is
    shown on the answer, once."""
    owner = request.user
    owner_pk = request.GET.get("user") or request.POST.get("owner")
    if owner_pk and str(owner_pk) != str(request.user.pk):
        if not str(owner_pk).isdigit():
            raise PermissionDenied
        owner = _visible_account(request, int(owner_pk))
    if not services.may_manage_tokens(request.user, owner):
        raise PermissionDenied(MANAGE_ACCOUNTS)
    initial = {"expires_on": timezone.localdate() + dt.timedelta(days=TOKEN_DEFAULT_DAYS)}
    form = TokenCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = services.issue_token(
                owner,
                name=form.cleaned_data["name"],
                expires_on=form.cleaned_data["expires_on"],
                user=request.user,
            )
        except NotPermitted:
            raise
        except ServiceError as e:
            add_service_error(form, e)
        else:
            return render(request, "accounts/token_created.html", {"token": token, "raw": raw})
    return render(request, "accounts/token_form.html", {"form": form, "owner": owner})


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_pk: int) -> HttpResponse:
    token = get_object_or_404(services.visible_tokens(request.user), pk=token_pk)
    try:
        services.revoke_token(token, user=request.user)
    except NotPermitted:
        raise
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("令牌“%(name)s”已吊销") % {"name": token.name})
    target = request.POST.get("back")
    if target == "account" and token.user_id != request.user.pk:
        return redirect("accounts:account_detail", token.user_id)
    return redirect("accounts:token_list")
