"""Authentication by API token, then the user's region scope, once per request."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sanwei.core.scoping import region_scope, scopes_disabled

from .permissions import user_scope
from .tokens import TokenRefused, check_token


class ApiTokenMiddleware:
    """`Authorization: Bearer <token>` on /api/ authenticates the request as the token's user.
    A revoked or expired token authenticates nobody; its refusal is kept on the request
    (`token_refusal`) for the API's authentication to answer with its code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.token_authenticated = False
        request.token_refusal = None
        request.api_token = None  # the token used (the action log names it)
        header = request.headers.get("Authorization", "")
        if request.path.startswith("/api/") and header.startswith("Bearer "):
            try:
                token = check_token(header.removeprefix("Bearer ").strip())
            except TokenRefused as refusal:
                token, request.token_refusal = None, refusal
            if token is not None:
                request.user = token.user
                request.token_authenticated = True
                request.api_token = token
                request._dont_enforce_csrf_checks = True
        return self.get_response(request)


class RegionScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if getattr(user, "is_authenticated", False) and user.is_superuser:
            request.region_scope = None
            with scopes_disabled():
                return self.get_response(request)
        scope_value = user_scope(user)
        request.region_scope = scope_value
        with region_scope(scope_value):
            return self.get_response(request)


class LoginStepsMiddleware:
    """A session that has not finished logging in may open only the pages that finish it:
    an account that must use two-factor login goes to set it up or to enter its code, and an
    account whose password was set by someone else goes to change it. Requests with an API
    token are not sessions and pass."""

    ALWAYS_OPEN = frozenset(
        {"accounts:logout", "accounts:login", "accounts:login_otp", "accounts:otp_setup"}
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not getattr(user, "is_authenticated", False) or request.token_authenticated:
            return self.get_response(request)
        from . import services

        step = None
        if services.otp_required(user) and not user.is_verified():
            step = "accounts:login_otp" if services.confirmed_device(user) else "accounts:otp_setup"
        elif _must_change_password(request):
            step = "accounts:password_change"
        if step is None:
            return self.get_response(request)
        try:
            current = resolve(request.path_info).view_name
        except Resolver404:
            current = ""
        if current in self.ALWAYS_OPEN or current == step:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"code": "login_incomplete", "message": _("请先在网页上完成登录步骤。")},
                status=403,
            )
        target = f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}"
        if request.htmx:
            return HttpResponse(status=204, headers={"HX-Redirect": target})
        return redirect(target)


MUST_CHANGE_KEY = "sanwei_must_change_password"


def _must_change_password(request) -> bool:
    """Read once per session, not per request: a password is marked as set by someone else
    before its owner logs in (a new account, a reset), and a change clears the mark."""
    from . import services

    flag = request.session.get(MUST_CHANGE_KEY)
    if flag is None:
        flag = services.must_change_password(request.user)
        request.session[MUST_CHANGE_KEY] = flag
    return flag


class NoStoreMiddleware:
    """Pages and API answers for a logged-in user (by session or token) carry personal data:
    no browser or proxy may keep them (`Cache-Control: no-store`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request.user, "is_authenticated", False):
            add_never_cache_headers(response)
        return response
