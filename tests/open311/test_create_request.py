"""POST a service request with an api_key (a token of `sanwei createapitoken`): the need
is registered through needs.services in the token user's region, logged with the token;
a missing or wrong key, or a key whose account may not register there, is 403; missing or
malformed arguments are 400 with every problem listed; an unknown service or
jurisdiction is 404 — all in the spec's error format, nothing written."""

from __future__ import annotations

from django.test import Client

from sanwei.accounts.tokens import create_token
from sanwei.core.models import ActionLog
from sanwei.needs.models import Need

from .helpers import json_body, json_errors, post, records, xml_errors, xml_root


def test_a_valid_key_registers_the_need_in_the_token_users_village(client, secretary_a):
    key = create_token(secretary_a, "open311")
    response = post(client, "xml", api_key=key, service_code="care",
                    address_string="村部旁边", description=" 独居老人需要代购药品 ")  # fmt: skip
    assert response.status_code == 201
    [record] = records(xml_root(response), "request")
    need = Need.unscoped.get()
    assert record == {
        "service_request_id": need.code,
        "service_notice": "紧急程度“一般”，应在7天内办理",
        "account_id": None,
    }
    assert response["Location"] == f"http://testserver/open311/v2/requests/{need.code}.xml"
    assert (need.region.code, need.category.code, need.source, need.state) == (
        "430821104201",
        "care",
        "open311",
        "reported",
    )
    assert need.description == "独居老人需要代购药品\n地点：村部旁边"
    assert need.created_by == secretary_a
    log = ActionLog.objects.get(action_type="sanwei.need.registered", object_id=need.pk)
    assert log.user == secretary_a
    assert (log.data["source"], log.data["api_token"]) == ("open311", key[:8])
    shown = json_body(client.get(f"/open311/v2/requests/{need.code}.json"))
    assert [(r["service_code"], r["status"]) for r in shown] == [("care", "open")]


def test_a_town_key_names_the_village_by_address_id_with_a_point(client, town_admin):
    key = create_token(town_admin, "open311")
    response = post(client, "json", api_key=key, service_code="repair",
                    jurisdiction_id="430821104000", address_id="430821104202",
                    lat="29.4312", long="110.9521", description="路灯坏了")  # fmt: skip
    assert response.status_code == 201
    [record] = json_body(response)
    need = Need.unscoped.get(code=record["service_request_id"])
    assert need.region.code == "430821104202"
    assert need.description == "路灯坏了\n坐标（WGS84）：29.4312, 110.9521"


def test_a_request_must_land_in_a_village_or_group(client, town_admin):
    key = create_token(town_admin, "open311")
    response = post(client, "xml", api_key=key, service_code="repair",
                    address_string="镇政府门口", description="路灯坏了")  # fmt: skip
    assert response.status_code == 400
    assert xml_errors(response) == [
        (
            "400",
            "需求须登记到村（社区）或村民小组：东岳观镇是乡镇，"
            "请用 address_id 给出村（社区）或村民小组的区划代码",
        )
    ]
    outside = post(client, "json", api_key=key, service_code="repair", address_id="430821105201",
                   description="路灯坏了")  # fmt: skip
    assert outside.status_code == 400
    assert json_errors(outside) == [(400, "address_id “430821105201”不在东岳观镇之内")]
    assert not Need.unscoped.exists()


def test_a_missing_or_wrong_key_is_403(client, secretary_a, secretary_b):
    fields = {"service_code": "care", "address_string": "村部", "description": "代购药品"}
    missing = post(client, "xml", **fields)
    assert missing.status_code == 403
    assert xml_errors(missing) == [("403", "缺少 api_key，不能提交需求")]
    wrong = post(client, "json", api_key="sw_not-a-real-key", **fields)
    assert wrong.status_code == 403
    assert json_errors(wrong) == [(403, "api_key 无效，不能提交需求")]
    inactive = create_token(secretary_a, "old")
    secretary_a.is_active = False
    secretary_a.save()
    assert post(client, "json", api_key=inactive, **fields).status_code == 403
    # Another village's secretary may not register in village A.
    other = create_token(secretary_b, "open311")
    elsewhere = post(client, "json", api_key=other, jurisdiction_id="430821104201", **fields)
    assert elsewhere.status_code == 403
    assert json_errors(elsewhere) == [(403, "没有权限执行此操作")]
    assert not Need.unscoped.exists()


def test_a_key_without_the_right_to_register_is_403(client, county_viewer, volunteer_a):
    fields = {"service_code": "care", "jurisdiction_id": "430821104201",
              "address_string": "村部", "description": "代购药品"}  # fmt: skip
    for user in (county_viewer, volunteer_a):
        response = post(client, "xml", api_key=create_token(user, "open311"), **fields)
        assert response.status_code == 403
        assert xml_errors(response) == [("403", "没有权限执行此操作")]
    assert not Need.unscoped.exists()


def test_missing_arguments_are_400_each_listed(client, secretary_a):
    key = create_token(secretary_a, "open311")
    response = post(client, "xml", api_key=key)
    assert response.status_code == 400
    assert xml_errors(response) == [
        ("400", "缺少 service_code（需求类别代码，见 services.xml）"),
        ("400", "缺少位置：请提供 lat 和 long、address_string 或 address_id 之一"),
        ("400", "缺少 description（需要什么帮助）"),
    ]
    assert not Need.unscoped.exists()


def test_malformed_arguments_are_400(client, secretary_a):
    key = create_token(secretary_a, "open311")
    base = {"api_key": key, "service_code": "care", "description": "代购药品"}
    cases = [
        ({"lat": "29.4"}, ["lat 和 long 须同时提供"]),
        ({"lat": "95", "long": "east"}, [
            "lat 应为 -90 到 90 之间的数（WGS84）：95",
            "long 应为 -180 到 180 之间的数（WGS84）：east",
        ]),
        ({"lat": "nan", "long": "inf"}, [
            "lat 应为 -90 到 90 之间的数（WGS84）：nan",
            "long 应为 -180 到 180 之间的数（WGS84）：inf",
        ]),
        ({"address_id": "三组", "jurisdiction_id": "dongyueguan"}, [
            "address_id 应为村（社区）或村民小组的区划代码：三组",
            "jurisdiction_id 应为区划代码（12位数字，村民小组15位）：dongyueguan",
        ]),
        ({"address_string": "x" * 201}, ["address_string 不能超过200个字"]),
        ({"address_string": "村部", "description": "长" * 1001}, ["需求内容不能超过1000个字"]),
        ({"address_string": "村\x00部"}, ["address_string 含有无效字符"]),
    ]  # fmt: skip
    for fields, messages in cases:
        response = post(client, "json", **{**base, **fields})
        assert response.status_code == 400, fields
        assert json_errors(response) == [(400, m) for m in messages], fields
    assert not Need.unscoped.exists()


def test_an_unknown_service_or_jurisdiction_is_404(client, secretary_a):
    key = create_token(secretary_a, "open311")
    base = {"api_key": key, "address_string": "村部", "description": "代购药品"}
    service = post(client, "xml", service_code="nosuch", **base)
    assert service.status_code == 404
    assert xml_errors(service) == [("404", "service_code “nosuch” 不存在")]
    place = post(client, "json", service_code="care", jurisdiction_id="430821104299", **base)
    assert place.status_code == 404
    assert json_errors(place) == [(404, "jurisdiction_id “430821104299” 不存在")]
    assert not Need.unscoped.exists()


def test_posting_needs_no_csrf_token(secretary_a):
    client = Client(enforce_csrf_checks=True)
    key = create_token(secretary_a, "open311")
    response = post(client, "json", api_key=key, service_code="care",
                    address_string="村部", description="代购药品")  # fmt: skip
    assert response.status_code == 201
