"""Uploads are refused as soon as they pass their size limit, before they are stored.

`SizeLimitUploadHandler` is the first of `settings.FILE_UPLOAD_HANDLERS`, so it sees every
chunk of every uploaded file before Django's memory and temporary-file handlers do. The
limit is the view's (`@upload_limit("ATTACHMENT_MAX_BYTES")` names a setting), else
`settings.UPLOAD_MAX_BYTES`; it counts the files of a request together.

- A body whose declared length (CONTENT_LENGTH) is over the limit is refused at its first
  file without reading it: the fields before the file (the CSRF token) are parsed, nothing
  of the file is read or stored, and the connection is reset after the answer.
- Otherwise reading stops at the chunk that passes the limit; the rest of the body, less
  than `MULTIPART_ALLOWANCE`, is read and dropped so the browser gets the answer.

The view asks `too_large(request)` and shows its Chinese message; the request carries no
file. The web server in front refuses larger bodies before Django sees them (nginx
`client_max_body_size`, see README).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

# The multipart framing and small fields around the files of one form.
MULTIPART_ALLOWANCE = 64 * 1024

View = TypeVar("View", bound=Callable)


def upload_limit(setting_name: str) -> Callable[[View], View]:
    """View decorator: the files of a request to this view may hold at most
    `getattr(settings, setting_name)` bytes together."""

    def decorate(view: View) -> View:
        view.upload_limit_setting = setting_name  # type: ignore[attr-defined]
        return view

    return decorate


def limit_of(request: HttpRequest | None) -> int:
    """The upload limit of the view `request` goes to (resolved before its body is read)."""
    match = getattr(request, "resolver_match", None)
    name = getattr(getattr(match, "func", None), "upload_limit_setting", "UPLOAD_MAX_BYTES")
    return getattr(settings, name)


def too_large(request: HttpRequest) -> bool:
    """Was a file of this request refused for its size?"""
    return getattr(request, "upload_too_large", False)


def format_size(n: int) -> str:
    """A limit as people read it: 200 MB, 10 MB, 1 KB."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    return f"{max(n // 1024, 1)} KB"


class SizeLimitUploadHandler(FileUploadHandler):
    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = limit_of(request)
        self.received = 0
        self.declared_too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.declared_too_large = content_length > self.limit + MULTIPART_ALLOWANCE
        return None  # the body is parsed as usual

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        if self.declared_too_large:
            self._refuse(connection_reset=True)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler makes the file

    def _refuse(self, *, connection_reset: bool) -> None:
        if self.request is not None:
            self.request.upload_too_large = True
        raise StopUpload(connection_reset=connection_reset)
