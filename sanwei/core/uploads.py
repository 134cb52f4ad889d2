"""Uploads are refused as soon as they pass their size limit, before they are stored.

`SizeLimitUploadHandler` is the first of `settings.FILE_UPLOAD_HANDLERS`, so it sees every
chunk of every uploaded file before Django's memory and temporary-file handlers do. The
limit is the view's (`@upload_limit("ATTACHMENT_MAX_BYTES")` names a setting; an API
route's, `route_upload_limit`), else `settings.UPLOAD_MAX_BYTES`; it counts the files of a
request together.

- A body whose declared length (CONTENT_LENGTH) is over the limit is refused at its first
  file without reading it: the fields before the file (the CSRF token) are parsed, nothing
  of the file is read or stored, and the connection is reset after the answer.
- Otherwise reading stops at the chunk that passes the limit; the rest of the body, less
  than `MULTIPART_ALLOWANCE`, is read and dropped so the browser gets the answer.

The view asks `too_large(request)` and shows its Chinese message; the request carries no
file. The web server in front refuses larger bodies before Django sees them (nginx
`client_max_body_size`, see README).

Once a file has arrived, `check_upload(upload, KIND)` judges it by its content (below), and
`file_response` serves a stored file: as a download, or an image of its own type, never
as a page.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, TypeVar

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanwei.core.errors import ServiceError

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


# The limits of API routes, by URL name: a django-ninja route's view is ninja's own (one per
# path), so it cannot carry `@upload_limit`; the route is named (`url_name=`) and its
# limit registered with `route_upload_limit`.
_ROUTE_LIMITS: dict[str, str] = {}


def route_upload_limit(url_name: str, setting_name: str) -> None:
    """The files of a request to the route named `url_name` (an API route's `url_name`)
    may hold at most `getattr(settings, setting_name)` bytes together."""
    _ROUTE_LIMITS[url_name] = setting_name


def limit_of(request: HttpRequest | None) -> int:
    """The upload limit of the view `request` goes to (resolved before its body is read)."""
    match = getattr(request, "resolver_match", None)
    name = getattr(getattr(match, "func", None), "upload_limit_setting", None)
    if name is None:
        name = _ROUTE_LIMITS.get(getattr(match, "url_name", None) or "", "UPLOAD_MAX_BYTES")
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


# --------------------------------------------------------------------------- content checks
#
# A file is judged by what it holds, not by its name: the extension only says which of the
# kind's formats it claims to be, and its bytes must be that format (images must also be
# readable by Pillow; Office files must have the parts of a document or workbook).
# Refused whatever the name:
# - markup a browser would run (HTML, SVG, scripts, PHP) in a file, so a polyglot (a real
#   image or PDF with a page appended or hidden in a comment) is refused as well;
# - Office files with macros (vbaProject.bin, a macro-enabled content type, VBA storage in
#   an old .doc/.xls, Basic/Scripts in an .ods), PDFs with scripts or launch actions.
# A file that passes is stored under a random name (each model's `upload_to`) with the
# extension of the format found (`CheckedUpload.stored_as`); its original name is only data.


@dataclass(frozen=True)
class FileFormat:
    ext: str  # the extension it is stored and served under
    content_type: str


FORMATS: dict[str, FileFormat] = {
    f.ext: f
    for f in (
        FileFormat("jpg", "image/jpeg"),
        FileFormat("png", "image/png"),
        FileFormat("pdf", "application/pdf"),
        FileFormat(
            "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ),
        FileFormat("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        FileFormat("ods", "application/vnd.oasis.opendocument.spreadsheet"),
        FileFormat("doc", "application/msword"),
        FileFormat("xls", "application/vnd.ms-excel"),
        FileFormat("txt", "text/plain; charset=utf-8"),
        FileFormat("csv", "text/csv; charset=utf-8"),
    )
}
# The extensions a name may carry, and the format each claims.
EXTENSIONS = {**{ext: ext for ext in FORMATS}, "jpeg": "jpg"}
IMAGES = frozenset({"jpg", "png"})
TEXTS = frozenset({"txt", "csv"})
ZIPPED = frozenset({"docx", "xlsx", "ods"})


@dataclass(frozen=True)
class UploadKind:
    """One kind of upload: the formats it may be (by their extensions), the setting naming
    its size limit, and its error codes (`<code>_type`, `_empty`, `_too_large`,
    `<content_code>`, `_active`, `_macro`) and messages."""

    code: str
    extensions: tuple[str, ...]
    limit_setting: str
    type_message: str
    content_code: str
    content_message: str  # may use %(ext)s
    empty_message: str = gettext_lazy("文件是空的")
    too_large_message: str = gettext_lazy("文件过大：不能超过%(size)s")

    def limit(self) -> int:
        return getattr(settings, self.limit_setting)


def _photo(limit_setting: str) -> UploadKind:
    return UploadKind(
        code="photo",
        extensions=("jpg", "jpeg", "png"),
        limit_setting=limit_setting,
        type_message=gettext_lazy("照片只能是 jpg 或 png 图片"),
        content_code="photo_invalid",
        content_message=gettext_lazy("照片无法识别，请上传 jpg 或 png 图片"),
        empty_message=gettext_lazy("照片文件是空的"),
        too_large_message=gettext_lazy("照片过大：不能超过%(size)s"),
    )


NEED_PHOTO = _photo("NEED_PHOTO_MAX_BYTES")
OPINION_PHOTO = _photo("OPINION_PHOTO_MAX_BYTES")
ATTACHMENT = UploadKind(
    code="attachment",
    extensions=("jpg", "jpeg", "png", "pdf", "docx", "xlsx", "doc", "xls", "txt"),
    limit_setting="ATTACHMENT_MAX_BYTES",
    type_message=gettext_lazy("不支持该文件类型，只能上传：%(types)s"),
    content_code="attachment_content",
    content_message=gettext_lazy("文件内容与扩展名“.%(ext)s”不符，请检查文件"),
)


@dataclass(frozen=True)
class CheckedUpload:
    format: FileFormat
    size: int
    original_name: str  # the name it came with, without any folder: data, never a path

    @property
    def stored_as(self) -> str:
        """The name to give storage: `upload_to` turns it into a random one, same extension."""
        return f"upload.{self.format.ext}"


# Markup a browser would run, looked for in the raw bytes (lower-cased).
ACTIVE_MARKUP = (
    b"<script",
    b"<html",
    b"<!doctype",
    b"<svg",
    b"<iframe",
    b"<object",
    b"<embed",
    b"<body",
    b"<?php",
    b"javascript:",
)
_PDF_ACTIONS = re.compile(rb"/(?:JavaScript|JS|Launch|RichMedia)(?![A-Za-z0-9])")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_VBA = "_vba_project".encode("utf-16-le")  # matched lower-cased
_OLE_STREAMS = {"doc": ("worddocument",), "xls": ("workbook", "book\x00")}
_CHUNK = 1 << 20
# Zipped formats are compressed: only their framing (the first bytes, the directory and
# comment at the end) is readable markup a polyglot could carry.
_ZIP_FRAMING = 1 << 16
_TEXT_SAMPLE = 1 << 16


def _name(upload) -> str:
    return str(getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _size(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(0)
    return size


def _chunks(upload: IO[bytes], *, framing_only: bool = False):
    """The file's bytes in chunks; with `framing_only`, its first and last 64 KB."""
    upload.seek(0)
    if framing_only:
        yield upload.read(_ZIP_FRAMING)
        upload.seek(0, 2)
        end = upload.tell()
        upload.seek(max(end - _ZIP_FRAMING, 0))
        yield upload.read()
        return
    while chunk := upload.read(_CHUNK):
        yield chunk


def _find(upload: IO[bytes], markers: tuple[bytes, ...], *, framing_only: bool = False) -> bool:
    """Is any of the lower-case `markers` in the file (case-insensitive)?"""
    overlap = max(len(m) for m in markers) - 1
    tail = b""
    try:
        for chunk in _chunks(upload, framing_only=framing_only):
            window = tail + chunk.lower()
            if any(m in window for m in markers):
                return True
            tail = window[-overlap:]
        return False
    finally:
        upload.seek(0)


def _zip_format(upload: IO[bytes]) -> str | None:
    """docx, xlsx or ods by the parts the archive holds; "macro" when it carries macros."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if any(n.rsplit("/", 1)[-1].lower() == "vbaproject.bin" for n in names):
                return "macro"
            if "[Content_Types].xml" in names:
                if b"macroenabled" in archive.read("[Content_Types].xml").lower():
                    return "macro"
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
                return None
            if "mimetype" in names and "content.xml" in names:
                if any(n.startswith(("Basic/", "Scripts/")) for n in names):
                    return "macro"
                if archive.read("mimetype").strip() == FORMATS["ods"].content_type.encode():
                    return "ods"
            return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError):
        return None
    finally:
        upload.seek(0)


def _ole_format(upload: IO[bytes]) -> str | None:
    """doc or xls by the stream the compound file names; "macro" when it carries VBA."""
    if _find(upload, (_OLE_VBA,)):
        return "macro"
    for fmt, streams in _OLE_STREAMS.items():
        if _find(upload, tuple(s.encode("utf-16-le") for s in streams)):
            return fmt
    return None


def _is_text(upload: IO[bytes]) -> bool:
    """UTF-8 or GB18030 text without NUL (judged on its first 64 KB)."""
    upload.seek(0)
    head = upload.read(_TEXT_SAMPLE)
    upload.seek(0)
    if b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as e:
            # A multi-byte character cut at the end of the sample is still text.
            if len(head) == _TEXT_SAMPLE and e.start >= len(head) - 4:
                return True
    return False


def _image_readable(upload: IO[bytes], fmt: str) -> bool:
    """Pillow reads and verifies it as the claimed image format."""
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    finally:
        upload.seek(0)
    return {"JPEG": "jpg", "PNG": "png"}.get(kind or "") == fmt


def sniff(upload: IO[bytes]) -> str | None:
    """The format the bytes are (a key of FORMATS without txt/csv, "macro" for an Office
    file with macros), by their signature and structure; None for anything else."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_ZIP_MAGIC):
        return _zip_format(upload)
    if head.startswith(_OLE_MAGIC):
        return _ole_format(upload)
    return None


def active_content_message() -> str:
    return _("文件含有网页或脚本内容（HTML、SVG、JavaScript 等），不能上传")


def macro_message() -> str:
    return _("不接受含宏的文件（如 .docm、.xlsm），请另存为不含宏的格式后再上传")


MACRO_EXTENSIONS = frozenset({"docm", "dotm", "xlsm", "xltm", "xlsb", "xlam", "pptm"})


def refuse_active_content(upload, *, code: str, field: str = "file") -> str | None:
    """Refuse (`<code>_active`, `<code>_macro`) a file a browser would run as a page or
    script, or an Office file with macros, whatever its name; the other checks of a file's
    format are its reader's (imports) or `check_upload`'s. Returns what `sniff` found."""
    if _extension(_name(upload)) in MACRO_EXTENSIONS:
        raise ServiceError(f"{code}_macro", macro_message(), field=field)
    upload.seek(0)
    zipped = upload.read(4) == _ZIP_MAGIC
    if _find(upload, ACTIVE_MARKUP, framing_only=zipped):
        raise ServiceError(f"{code}_active", active_content_message(), field=field)
    found = sniff(upload)
    if found == "macro":
        raise ServiceError(f"{code}_macro", macro_message(), field=field)
    return found


def check_upload(upload, kind: UploadKind, *, field: str = "file") -> CheckedUpload:
    """Judge an uploaded file by its content; refused with a `ServiceError` on `field`
    (nothing is stored by this check): an extension the kind does not take, an empty or
    too large file, markup or scripts anywhere in it, macros, or bytes that are not the
    format its extension claims. Returns the format found and the original name."""
    name = _name(upload)
    ext = _extension(name)
    if ext in MACRO_EXTENSIONS:
        raise ServiceError(f"{kind.code}_macro", macro_message(), field=field)
    claimed = EXTENSIONS.get(ext) if ext in kind.extensions else None
    if claimed is None:
        message = str(kind.type_message)
        if "%(types)s" in message:
            message = message % {"types": "、".join(kind.extensions)}
        raise ServiceError(f"{kind.code}_type", message, field=field)
    size = _size(upload)
    if not size:
        raise ServiceError(f"{kind.code}_empty", str(kind.empty_message), field=field)
    if size > kind.limit():
        raise ServiceError(
            f"{kind.code}_too_large",
            str(kind.too_large_message) % {"size": format_size(kind.limit())},
            field=field,
        )
    found = refuse_active_content(upload, code=kind.code, field=field)
    if claimed in TEXTS and found is None and _is_text(upload):
        found = claimed
    # A photo named .jpg that is a PNG (or the other way round) is still a photo.
    same = found == claimed or (found in IMAGES and claimed in IMAGES)
    if not same or (found in IMAGES and not _image_readable(upload, found)):
        raise ServiceError(kind.content_code, str(kind.content_message) % {"ext": ext}, field=field)
    if found == "pdf" and _pdf_has_actions(upload):
        raise ServiceError(
            f"{kind.code}_active", _("不接受含脚本或自动操作的 PDF 文件"), field=field
        )
    upload.seek(0)
    return CheckedUpload(format=FORMATS[found], size=size, original_name=name[-200:])


def _pdf_has_actions(upload: IO[bytes]) -> bool:
    upload.seek(0)
    tail = b""
    try:
        while chunk := upload.read(_CHUNK):
            window = tail + chunk
            if _PDF_ACTIONS.search(window):
                return True
            tail = window[-16:]
        return False
    finally:
        upload.seek(0)


# --------------------------------------------------------------------------- serving


def file_response(stored: FieldFile, filename: str, *, inline_image: bool = False) -> FileResponse:
    """A stored upload as a download (`Content-Disposition: attachment`), or with
    `inline_image` a jpg/png shown as an image of its type. The type comes from the stored
    name's extension (the format its content was checked to be), never from the upload's
    own name: never text/html, and `nosniff` so no browser guesses otherwise."""
    ext = _extension(stored.name or "")
    fmt = FORMATS.get(EXTENSIONS.get(ext, ""))
    content_type = fmt.content_type if fmt else "application/octet-stream"
    inline = inline_image and fmt is not None and fmt.ext in IMAGES
    response = FileResponse(
        stored.open("rb"),
        as_attachment=not inline,
        filename=filename,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
