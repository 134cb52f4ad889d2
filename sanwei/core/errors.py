"""Errors raised by service functions: a machine code (English) and a user message (Chinese)."""

from __future__ import annotations


class ServiceError(Exception):
    """A rule refused an operation. `code` is for the API and logs, `message` for people."""

    status = 400

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = str(message)
        self.field = field


class NotPermitted(ServiceError):
    status = 403


class Conflict(ServiceError):
    status = 409
