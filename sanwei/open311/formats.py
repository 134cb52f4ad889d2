"""The two GeoReport v2 formats of one answer: XML (required by the spec) and JSON, the
JSON being the XML's mapping by the Spark convention (a list element's children become
an array, an element with children an object, a leaf a value).

An answer is built once as plain data (dicts, lists, strings, numbers, booleans, None)
and rendered by `render(data, root, fmt)`. A list is written in XML as its element with
one child per item, named by `ITEM_NAMES` (`services` → `service`, …). None is an empty
element in XML and null in JSON; booleans are `true`/`false`."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

from django.http import HttpResponse
from django.utils import timezone

FORMATS = ("xml", "json")
CONTENT_TYPES = {
    "xml": "text/xml; charset=utf-8",
    "json": "application/json; charset=utf-8",
}
# The element name of a list's items, by the list's own name.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}
# Characters XML 1.0 cannot carry (control characters other than tab, newline, return).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def w3c_datetime(value: dt.datetime | None) -> str | None:
    """ISO 8601 with the offset, in the site's time (Asia/Shanghai): 2026-11-30T11:15:02+08:00."""
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _element(name: str, value) -> ET.Element:
    element = ET.Element(name)
    if isinstance(value, dict):
        for key, child in value.items():
            element.append(_element(key, child))
    elif isinstance(value, list):
        item_name = ITEM_NAMES[name]
        for item in value:
            element.append(_element(item_name, item))
    else:
        element.text = _text(value)
    return element


def to_xml(data, root: str) -> bytes:
    """`data` under the element `root`, with the XML declaration the spec asks for."""
    body = ET.tostring(_element(root, data), encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode("utf-8")


def _clean(value):
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    return value


def to_json(data) -> bytes:
    return json.dumps(_clean(data), ensure_ascii=False).encode("utf-8")


def render(data, root: str, fmt: str, *, status: int = 200) -> HttpResponse:
    """The answer in `fmt` ("xml" or "json"); anything else is answered in XML."""
    fmt = fmt if fmt in FORMATS else "xml"
    content = to_xml(data, root) if fmt == "xml" else to_json(data)
    return HttpResponse(content, status=status, content_type=CONTENT_TYPES[fmt])


def errors(problems: list[tuple[int, str]], fmt: str, *, status: int) -> HttpResponse:
    """The spec's error answer: each problem's code (the HTTP status) and description."""
    data = [{"code": code, "description": description} for code, description in problems]
    return render(data, "errors", fmt, status=status)
