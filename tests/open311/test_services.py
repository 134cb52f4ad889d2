"""GET services and GET a service definition: the need categories, in XML and JSON."""

from __future__ import annotations

from sanwei.needs.models import NeedCategory

from .helpers import get, json_body, json_errors, records, xml_errors, xml_root

CODES = ["daily_help", "care", "health", "repair", "policy", "mediation", "jobs", "env", "other"]


def test_the_service_list_in_xml_is_the_active_categories(client, db):
    NeedCategory.objects.filter(code="jobs").update(is_active=False)
    response = get(client, "services", "xml")
    assert response.status_code == 200
    root = xml_root(response)
    assert root.tag == "services"
    services = records(root, "service")
    assert [s["service_code"] for s in services] == [c for c in CODES if c != "jobs"]
    assert services[1] == {
        "service_code": "care",
        "service_name": "助老扶幼",
        "description": "关爱老人、留守儿童",
        "metadata": "false",
        "type": "realtime",
        "keywords": "助老扶幼",
        "group": "群众需求",
    }


def test_the_service_list_in_json(client, db):
    services = json_body(get(client, "services", "json"))
    assert [s["service_code"] for s in services] == CODES
    assert services[3] == {
        "service_code": "repair",
        "service_name": "设施维修",
        "description": "水电、道路、房屋等小修小补",
        "metadata": False,
        "type": "realtime",
        "keywords": "设施维修",
        "group": "群众需求",
    }


def test_the_service_list_takes_a_known_jurisdiction(client, tree):
    response = get(client, "services", "json", jurisdiction_id="430821104000")
    assert [s["service_code"] for s in json_body(response)] == CODES


def test_a_malformed_jurisdiction_is_400_and_an_unknown_one_404(client, tree):
    bad = get(client, "services", "xml", jurisdiction_id="dongyueguan")
    assert bad.status_code == 400
    assert xml_errors(bad) == [
        ("400", "jurisdiction_id 应为区划代码（12位数字，村民小组15位）：dongyueguan")
    ]
    unknown = get(client, "services", "json", jurisdiction_id="430821199000")
    assert unknown.status_code == 404
    assert json_errors(unknown) == [(404, "jurisdiction_id “430821199000” 不存在")]


def test_a_service_definition_has_no_attributes(client, db):
    response = get(client, "services/health", "xml")
    assert response.status_code == 200
    root = xml_root(response)
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "health"
    assert root.find("attributes") is not None and list(root.find("attributes")) == []
    body = json_body(get(client, "services/health", "json"))
    assert body == {"service_code": "health", "attributes": []}


def test_an_unknown_or_inactive_service_is_404_in_the_error_format(client, db):
    NeedCategory.objects.filter(code="jobs").update(is_active=False)
    for code in ("nosuch", "jobs"):
        response = get(client, f"services/{code}", "xml")
        assert response.status_code == 404
        assert xml_errors(response) == [("404", f"service_code “{code}” 不存在")]
    response = get(client, "services/nosuch", "json")
    assert (response.status_code, json_errors(response)) == (
        404,
        [(404, "service_code “nosuch” 不存在")],
    )
