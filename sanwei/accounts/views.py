"""Login in up to two steps (password, then a TOTP code for accounts with a device), the
two-factor set-up page, the password change page, and the account page."""

from __future__ import annotations

import time
from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanwei.core.qr import qr_svg

from . import services
from .forms import TokenForm
from .middleware import MUST_CHANGE_KEY

PENDING_KEY = "sanwei_otp_pending"
PENDING_SECONDS = 300  # the code must follow the password within five minutes


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    """Step one: username and password (django-axes counts the failures). An account with
    a confirmed TOTP device is not logged in yet: it goes on to the code step."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if services.confirmed_device(user) is None:
            return super().form_valid(form)
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "at": time.time(),
        }
        target = reverse("accounts:login_otp")
        next_url = self.get_redirect_url()
        return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)


def _pending_user(request: HttpRequest):
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending.get("backend")


@require_http_methods(["GET", "POST"])
def login_otp(request: HttpRequest) -> HttpResponse:
    """Step two: the code of the account's authenticator. Also asked of a logged-in
    account that must use two-factor login and has not given a code in this session."""
    if request.user.is_authenticated:
        user, backend = request.user, None
        if request.user.is_verified():
            return redirect(_next_url(request))
    else:
        user, backend = _pending_user(request)
        if user is None:
            request.session.pop(PENDING_KEY, None)
            messages.error(request, _("登录已超时，请重新输入用户名和密码。"))
            return redirect("accounts:login")
    device = services.confirmed_device(user)
    if device is None:
        return redirect("accounts:otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _why = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"]):
            if not request.user.is_authenticated:
                request.session.pop(PENDING_KEY, None)
                request.sanwei_two_factor = True
                login(request, user, backend=backend)
            otp_login(request, device)
            return redirect(_next_url(request))
        services.log_login_event("login.otp_failed", username=user.get_username(), account=user)
        form.add_error(
            "token",
            _("验证码不正确或已过期，请查看验证器上的最新验证码。")
            if allowed
            else _("验证码错误次数过多，请稍后再试。"),
        )
    return render(
        request, "accounts/login_otp.html", {"form": form, "next": request.GET.get("next", "")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Set up two-factor login: scan the QR code with an authenticator app (or type the
    key), then confirm with the code it shows."""
    user = request.user
    if services.confirmed_device(user) is not None and not request.user.is_verified():
        return redirect("accounts:login_otp")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("验证器"), confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            services.log_login_event("otp.enabled", username=user.get_username(), account=user)
            messages.success(request, _("两步验证已启用，以后登录时需输入验证器上的验证码。"))
            return redirect(_next_url(request))
        form.add_error("token", _("验证码不正确，请确认手机时间准确后重试。"))
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr": qr_svg(device.config_url),
            "key": b32encode(device.bin_key).decode(),
            "required": services.otp_required(user),
            "next": request.GET.get("next", ""),
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(self.request.user)
        self.request.session.pop(MUST_CHANGE_KEY, None)
        messages.success(self.request, gettext_lazy("密码已修改。"))
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["min_length"] = settings.PASSWORD_MIN_LENGTH
        context["forced"] = services.must_change_password(self.request.user)
        return context


@login_required
@require_GET
def me(request: HttpRequest) -> HttpResponse:
    assignments = request.user.role_assignments.select_related("region")
    tokens = list(request.user.api_tokens.select_related("revoked_by").order_by("-created_at"))
    for token in tokens:
        token.revocable = token.state == "active"
    return render(
        request,
        "accounts/me.html",
        {
            "assignments": assignments,
            "tokens": tokens,
            "otp_enabled": services.confirmed_device(request.user) is not None,
        },
    )


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out username and address (AXES_LOCKOUT_CALLABLE)."""
    return render(
        request,
        "accounts/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "lockout_minutes": round(settings.AXES_COOLOFF_TIME * 60),
        },
        status=429,
    )
