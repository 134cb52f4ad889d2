"""The discovery document (discovery.xml / discovery.json): the one GeoReport v2 endpoint,
its formats, where to get a key; its changeset moves when the service list changes."""

from __future__ import annotations

from sanwei.needs.models import NeedCategory

from .helpers import get, json_body, xml_root


def test_discovery_in_xml_names_the_endpoint_and_both_formats(client, db):
    response = get(client, "discovery", "xml")
    assert response.status_code == 200
    root = xml_root(response)
    assert root.tag == "discovery"
    assert [child.tag for child in root] == ["changeset", "contact", "key_service", "endpoints"]
    assert "sanwei createapitoken" in root.findtext("key_service")
    endpoints = root.find("endpoints").findall("endpoint")
    assert len(endpoints) == 1
    endpoint = endpoints[0]
    assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint.findtext("url") == "http://testserver/open311/v2"
    assert endpoint.findtext("type") == "production"
    assert [f.text for f in endpoint.find("formats")] == ["text/xml", "application/json"]


def test_discovery_in_json_has_the_same_fields(client, db):
    body = json_body(get(client, "discovery", "json"))
    assert set(body) == {"changeset", "contact", "key_service", "endpoints"}
    assert body["endpoints"] == [
        {
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": "http://testserver/open311/v2",
            "changeset": body["changeset"],
            "type": "production",
            "formats": ["text/xml", "application/json"],
        }
    ]


def test_the_changeset_moves_when_a_category_changes(client, db):
    before = json_body(get(client, "discovery", "json"))["changeset"]
    NeedCategory.objects.filter(code="care").update(updated_at="2031-05-06T07:08:09+08:00")
    after = json_body(get(client, "discovery", "json"))["changeset"]
    assert before < after == "2031-05-06T07:08:09+08:00"
