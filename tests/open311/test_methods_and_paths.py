"""The endpoint's edges: a wrong method is 405 with Allow, an unknown path under /open311/
is 404, both in the spec's error format; control characters never break the XML."""

from __future__ import annotations

from .helpers import json_errors, xml_errors, xml_root


def test_a_wrong_method_is_405_in_the_error_format(client, db):
    response = client.post("/open311/v2/services.xml")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert xml_errors(response) == [("405", "不支持 POST 请求")]
    put = client.put("/open311/v2/requests.json")
    assert put.status_code == 405
    assert put["Allow"] == "GET, HEAD, POST"
    assert json_errors(put) == [(405, "不支持 PUT 请求")]


def test_an_unknown_resource_or_format_is_404_in_the_error_format(client, db):
    for path in ("/open311/v2/services.html", "/open311/v3/services.xml", "/open311/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert xml_errors(response) == [
            ("404", "没有这个 Open311 资源；接口说明见 /open311/v2/discovery.xml")
        ]
    assert client.get("/open311/v2/tokens/1.json").status_code == 404
    assert json_errors(client.get("/open311/v2/tokens/1.json"))[0][0] == 404


def test_control_characters_in_an_argument_leave_the_xml_readable(client, db):
    response = client.get("/open311/v2/services/ab\x0bcd.xml")
    assert response.status_code == 404
    assert xml_errors(response) == [("404", "service_code “abcd” 不存在")]
    nul = client.get("/open311/v2/requests.xml", {"status": "open\x00"})
    assert nul.status_code == 400
    assert xml_root(nul).tag == "errors"


def test_a_nul_in_a_path_is_404_not_a_database_error(client, db):
    assert client.get("/open311/v2/services/ca%00re.json").status_code == 404
    assert client.get("/open311/v2/requests/ab%00cd.json").status_code == 404
