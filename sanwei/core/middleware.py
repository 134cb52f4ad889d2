"""The request being served, for the action log: from which address, and whether by an API
token or a session. Set once per request; `ActionLog` reads it when a record is written."""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

_current_request: ContextVar[HttpRequest | None] = ContextVar("sanwei_request", default=None)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address. Directly exposed (SANWEI_PROXY_COUNT=0, the default) it is
    REMOTE_ADDR. Behind N reverse proxies (nginx: 1) it is the address the outermost of
    them saw: the N-th entry of X-Forwarded-For from the right, since entries further left
    are whatever the client chose to send."""
    count = getattr(settings, "SANWEI_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [
            a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR") or None


def current_request() -> HttpRequest | None:
    return _current_request.get()


def request_origin() -> tuple[str | None, str]:
    """(address, "token" | "session" | "") of the request being served; (None, "") outside
    a request (commands, tasks, the demo builder)."""
    request = current_request()
    if request is None:
        return None, ""
    if getattr(request, "token_authenticated", False):
        via = "token"
    elif getattr(getattr(request, "user", None), "is_authenticated", False):
        via = "session"
    else:
        via = ""
    return client_ip(request), via


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
