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
# (address, way, token) carried into background work; the token is
# {"id": …, "name": …} of the API token the request came with, or None.
_carried_origin: ContextVar[tuple[str | None, str, dict | None] | None] = ContextVar(
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
        return carried[:2] if carried is not None else (None, "")
    if getattr(request, "token_authenticated", False):
        via = "token"
    elif getattr(getattr(request, "user", None), "is_authenticated", False):
        via = "session"
    else:
        via = ""
    return client_ip(request), via


def request_token() -> dict | None:
    """The API token the request being served was authenticated with, as the action log
    names it — {"id": its id, "name": its name}, never the secret nor its prefix — or
    None (a session, no request). Background work has its request's (`acting_from`)."""
    request = current_request()
    if request is None:
        carried = _carried_origin.get()
        return carried[2] if carried is not None else None
    token = getattr(request, "api_token", None)
    if token is None or not getattr(request, "token_authenticated", False):
        return None
    return {"id": token.pk, "name": token.name}


def work_origin() -> list:
    """What background work carries of the request that queued it (`acting_from`)."""
    return [*request_origin(), request_token()]


@contextmanager
def acting_from(origin: Sequence | None) -> Iterator[None]:
    """Run background work as asked from `origin` ((address, "token" | "session" | "",
    token or None), what `work_origin()` gave when the work was queued; an older
    two-element origin has no token); None changes nothing."""
    if not origin or len(origin) not in (2, 3):
        yield
        return
    token_of = origin[2] if len(origin) == 3 and isinstance(origin[2], dict) else None
    token = _carried_origin.set((origin[0] or None, str(origin[1] or ""), token_of))
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
