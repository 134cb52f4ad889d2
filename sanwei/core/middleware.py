"""The request being served, for the action log: from which address, and whether by an API
token or a session. Set once per request; `ActionLog` reads it when a record is written."""

from __future__ import annotations

from contextvars import ContextVar

from django.http import HttpRequest

from .net import client_address

_current_request: ContextVar[HttpRequest | None] = ContextVar("sanwei_request", default=None)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as `core.net.client_address` finds it (behind a trusted proxy:
    from X-Forwarded-For); None when there is none."""
    return client_address(request) or None


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
