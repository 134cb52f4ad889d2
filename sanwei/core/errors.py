"""Errors raised by service functions: a machine code (English) and a user message (Chinese)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class ServiceError(Exception):
    """A rule refused an operation. `code` is for the API and logs, `message` for people."""

    status = 400

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = str(message)
        self.field = field


class NotPermitted(ServiceError, PermissionDenied):
    """The caller may not do this (`accounts.permissions.require`, or a state predicate
    of an app's `rules.py`). A ServiceError for the API (403 with the error shape) and a
    PermissionDenied for pages (Django's 403 page); page helpers that show a
    ServiceError on a form re-raise this one instead."""

    status = 403

    def __init__(self, code: str, message: str, *, permission: str = "") -> None:
        super().__init__(code, message)
        self.permission = permission


class Conflict(ServiceError):
    status = 409
