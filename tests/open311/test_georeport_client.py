"""An existing Open311 client from PyPI, `georeport` (GeoReport v2, requests + xmltodict),
reads our live endpoint in both formats: the service list, a service definition, requests
filtered by status and service code, one request. It has no call to create a request, so
the POST goes through `requests` as a form, the way the spec sends it."""

from __future__ import annotations

import pytest
import requests
from django_scopes import scopes_disabled
from georeport import GeoReport

from sanwei.accounts.models import Role
from sanwei.accounts.tokens import create_token
from sanwei.needs.models import Need

from ..factories import build_town_tree, need_in_state, user_with_role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _listed(value) -> list:
    """xmltodict reads one child element as a dict and several as a list."""
    return [value] if isinstance(value, dict) else list(value or [])


@pytest.fixture
def town(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with scopes_disabled():
        tree = build_town_tree()
        working = need_in_state("in_progress", region=tree["village_a"])
        done = need_in_state("closed", region=tree["village_b"])
        secretary = user_with_role(Role.VILLAGE_SECRETARY, tree["village_a"], username="shuji")
        return {"working": working, "done": done, "key": create_token(secretary, "app")}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_georeport_client_reads_the_endpoint(live_server, town, fmt):
    client = GeoReport(
        f"{live_server.url}/open311/v2", jurisdiction="430821104000", output_format=fmt
    )
    services = _listed(client.get_service_list())
    assert "repair" in [s["service_code"] for s in services]
    assert client.get_service_definition("repair")["service_code"] == "repair"
    working, done = town["working"], town["done"]
    opened = _listed(client.get_service_requests(status="open", service_code="repair"))
    assert [r["service_request_id"] for r in opened] == [working.code]
    closed = _listed(client.get_service_requests(status="closed"))
    assert [(r["service_request_id"], r["status_notes"]) for r in closed] == [(done.code, "已办结")]
    one = client.get_service_request(working.code)
    assert (one["service_request_id"], one["status"], one["address_id"]) == (
        working.code,
        "open",
        "430821104201",
    )
    with pytest.raises(requests.HTTPError) as missing:
        client.get_service_request("nosuchcode12")
    assert missing.value.response.status_code == 404


def test_a_form_post_over_http_creates_the_request(live_server, town):
    form = {"api_key": town["key"], "service_code": "repair",
            "address_string": "村部门口", "description": "路灯不亮了"}  # fmt: skip
    response = requests.post(f"{live_server.url}/open311/v2/requests.json", data=form, timeout=30)
    assert response.status_code == 201
    code = response.json()[0]["service_request_id"]
    client = GeoReport(f"{live_server.url}/open311/v2", output_format="json")
    assert client.get_service_request(code)["status"] == "open"
    with scopes_disabled():
        assert Need.unscoped.get(code=code).region.code == "430821104201"
