"""GET a service request by its tracking code: every field of the spec, in XML and JSON,
the loop's states mapped to open/closed with the detailed state as status_notes, times in
ISO 8601 with the Beijing offset; an unknown code (or the database id) is 404."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sanwei.accounts.permissions import SYSTEM
from sanwei.needs import services as needs
from sanwei.needs.models import Need
from sanwei.regions.models import RegionLevel

from ..factories import RegionFactory, TeamFactory, need_in_state, squad_volunteer
from .helpers import get, json_body, json_errors, records, xml_errors, xml_root

BEIJING = ZoneInfo("Asia/Shanghai")


def test_a_request_in_progress_in_xml(client, tree):
    volunteer = squad_volunteer(tree["village_a"], name="王志愿")
    need = need_in_state("in_progress", region=tree["village_a"], urgency="urgent",
                         volunteer=volunteer)  # fmt: skip
    Need.unscoped.filter(pk=need.pk).update(
        created_at=dt.datetime(2026, 6, 1, 7, 30, tzinfo=BEIJING),
        updated_at=dt.datetime(2026, 6, 2, 1, 0, tzinfo=dt.UTC),
        due_at=dt.datetime(2026, 6, 4, 7, 30, tzinfo=BEIJING),
    )
    response = get(client, f"requests/{need.code}", "xml")
    assert response.status_code == 200
    root = xml_root(response)
    assert root.tag == "service_requests"
    assert records(root, "request") == [
        {
            "service_request_id": need.code,
            "status": "open",
            "status_notes": "办理中",
            "service_name": "设施维修",
            "service_code": "repair",
            "description": None,
            "agency_responsible": "东岳观村志愿服务小队",
            "service_notice": "紧急程度“较急”，应在3天内办理",
            "requested_datetime": "2026-06-01T07:30:00+08:00",
            "updated_datetime": "2026-06-02T09:00:00+08:00",
            "expected_datetime": "2026-06-04T07:30:00+08:00",
            "address": "东岳观村，东岳观镇，慈利县，张家界市，湖南省",
            "address_id": "430821104201",
            "zipcode": None,
            "lat": None,
            "long": None,
            "media_url": None,
        }
    ]


def test_a_closed_request_in_json_is_a_list_of_one(client, tree):
    need = need_in_state("rated", region=tree["village_b"])
    Need.unscoped.filter(pk=need.pk).update(
        updated_at=dt.datetime(2026, 6, 5, 18, 0, tzinfo=BEIJING),
    )
    body = json_body(get(client, f"requests/{need.code}", "json"))
    assert len(body) == 1
    record = body[0]
    assert (record["service_request_id"], record["status"], record["status_notes"]) == (
        need.code,
        "closed",
        "已评价",
    )
    assert record["updated_datetime"] == "2026-06-05T18:00:00+08:00"
    assert record["address"] == "双岗村，东岳观镇，慈利县，张家界市，湖南省"
    assert record["service_notice"] == "紧急程度“一般”，应在7天内办理"
    assert (record["description"], record["lat"], record["media_url"]) == (None, None, None)


def test_who_is_responsible_follows_the_loop(client, tree):
    village = tree["village_a"]
    squad = TeamFactory(region=village, kind="squad", name="东岳观村护河小队")
    reported = need_in_state("reported", region=village)
    referred = need_in_state("referred", region=village)
    to_squad = need_in_state("accepted", region=village)
    needs.dispatch(to_squad, user=SYSTEM, team=squad)

    def agency(need):
        return json_body(get(client, f"requests/{need.code}", "json"))[0]["agency_responsible"]

    assert agency(reported) == "东岳观村"
    assert agency(referred) == "东岳观镇"
    assert agency(to_squad) == "东岳观村护河小队"


def test_a_need_of_a_group_is_placed_at_its_village(client, tree):
    group = RegionFactory(code="430821104201003", name="三组", level=RegionLevel.GROUP,
                          parent=tree["village_a"])  # fmt: skip
    need = need_in_state("reported", region=group)
    record = json_body(get(client, f"requests/{need.code}", "json"))[0]
    assert record["address_id"] == "430821104201"
    assert record["address"] == "东岳观村，东岳观镇，慈利县，张家界市，湖南省"
    assert "三组" not in get(client, f"requests/{need.code}", "xml").content.decode()


def test_an_unknown_code_the_database_id_or_another_jurisdiction_is_404(client, tree):
    need = need_in_state("reported", region=tree["village_a"])
    for request_id in ("nosuchcode12", str(need.pk)):
        response = get(client, f"requests/{request_id}", "xml")
        assert response.status_code == 404
        assert xml_errors(response) == [("404", f"service_request_id “{request_id}” 不存在")]
    elsewhere = get(client, f"requests/{need.code}", "json", jurisdiction_id="430821104202")
    assert elsewhere.status_code == 404
    assert json_errors(elsewhere) == [(404, f"service_request_id “{need.code}” 不存在")]
    here = get(client, f"requests/{need.code}", "json", jurisdiction_id="430821104201")
    assert here.status_code == 200
