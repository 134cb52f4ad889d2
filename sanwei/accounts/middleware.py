"""Authentication by API token, then the user's region scope, once per request."""

from __future__ import annotations

from sanwei.core.scoping import region_scope, scopes_disabled

from .permissions import user_scope
from .tokens import user_for_token


class ApiTokenMiddleware:
    """`Authorization: Bearer <token>` on /api/ authenticates the request as the token's user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.token_authenticated = False
        header = request.headers.get("Authorization", "")
        if request.path.startswith("/api/") and header.startswith("Bearer "):
            user = user_for_token(header.removeprefix("Bearer ").strip())
            if user is not None:
                request.user = user
                request.token_authenticated = True
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
