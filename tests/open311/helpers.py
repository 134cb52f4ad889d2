"""Reading Open311 answers back: XML with xml.etree, JSON with json."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

BASE = "/open311/v2"


def get(client, resource: str, fmt: str, **params):
    return client.get(f"{BASE}/{resource}.{fmt}", params)


def post(client, fmt: str, **fields):
    return client.post(f"{BASE}/requests.{fmt}", fields)


def xml_root(response) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    body = response.content
    assert body.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(body)


def json_body(response):
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def records(root: ET.Element, item: str) -> list[dict[str, str | None]]:
    """The children named `item` of `root`, each as {tag: text}."""
    return [{child.tag: child.text for child in element} for element in root.findall(item)]


def xml_errors(response) -> list[tuple[str, str]]:
    root = xml_root(response)
    assert root.tag == "errors"
    return [(e.findtext("code"), e.findtext("description")) for e in root.findall("error")]


def json_errors(response) -> list[tuple[int, str]]:
    return [(e["code"], e["description"]) for e in json_body(response)]
