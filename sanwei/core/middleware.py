"""The request being served, for the action log: from which address, and whether by an API
token or a session. Set once per request; `ActionLog` reads it when a record is written.

Work a request hands to the background (an import's commit on a Celery worker or in a
thread) carries the request's origin along (`core.tasks`), and runs inside `acting_from`,
so its records say where the work was asked from."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest

from .net import client_address

_current_request: ContextVar[HttpRequest | None] = ContextVar("sanwei_request", default=None)
_carried_origin: ContextVar[tuple[str | None, str] | None] = ContextVar(
    "sanwei_origin", default=None
)


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
        carried = _carried_origin.get()
        return carried if carried is not None else (None, "")
    if getattr(request, "token_authenticated", False):
        via = "token"
    elif getattr(getattr(request, "user", None), "is_authenticated", False):
        via = "session"
    else:
        via = ""
    return client_ip(request), via


@contextmanager
def acting_from(origin: Sequence | None) -> Iterator[None]:
    """Run background work as asked from `origin` ((address, "token" | "session" | ""),
    what `request_origin()` gave when the work was queued); None changes nothing."""
    if not origin or len(origin) != 2:
        yield
        return
    token = _carried_origin.set((origin[0] or None, str(origin[1] or "")))
    try:
        yield
    finally:
        _carried_origin.reset(token)


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
