"""The reviews API (/api/v1/reviews): create a review, read it with its agenda (the same
figures as `agenda.agenda`, each need with the address of its page), record conclusions,
add follow-ups, mark one done and turn one into a need; bad input and a second conversion
are refused with their codes."""

from __future__ import annotations

import datetime as dt
import json

from sanwei.accounts.tokens import create_token
from sanwei.needs.models import Need
from sanwei.reviews.models import FollowUp, Review

from .conftest import AS_OF


def call(client, user, method, path, body=None, **query):
    token = create_token(user, "test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if method == "get":
        return client.get(f"/api/v1/reviews{path}", query, **auth)
    return getattr(client, method)(
        f"/api/v1/reviews{path}", data=json.dumps(body or {}), content_type="application/json",
        **auth,
    )  # fmt: skip


NEW = {
    "region": "430821104000",
    "title": "十一月上半月需求复盘",
    "period_start": "2026-11-01",
    "period_end": "2026-11-15",
    "held_on": "2026-11-16",
    "participants": "镇党委委员、各村书记、志愿服务小队长",
}


def test_a_town_review_with_its_agenda_through_the_api(client, tree, town_needs, town_admin):
    created = call(client, town_admin, "post", "/", NEW)
    assert created.status_code == 201, created.json()
    assert created.json()["agenda"]["total"] == 8
    body = call(client, town_admin, "get", f"/{created.json()['id']}",
                as_of=AS_OF.isoformat()).json()  # fmt: skip
    assert (body["region"], body["region_name"], body["title"]) == (
        "430821104000", "东岳观镇", "十一月上半月需求复盘")  # fmt: skip
    agenda = body["agenda"]
    assert agenda["total"] == 8
    assert agenda["by_category"] == [
        {"category": "daily_help", "category_name": "生活帮扶", "counts": {"dispatched": 1},
         "total": 1},
        {"category": "health", "category_name": "医疗健康", "counts": {"rejected": 1, "rated": 1},
         "total": 2},
        {"category": "repair", "category_name": "设施维修",
         "counts": {"reported": 1, "resolved": 1, "closed": 1}, "total": 3},
        {"category": "env", "category_name": "环境卫生", "counts": {"accepted": 1, "rated": 1},
         "total": 2},
    ]  # fmt: skip
    assert agenda["state_totals"] == {"reported": 1, "accepted": 1, "rejected": 1,
                                      "dispatched": 1, "resolved": 1, "rated": 2, "closed": 1}  # fmt: skip
    pk = {n.pk: key for key, n in town_needs.items()}
    assert [pk[n["id"]] for n in agenda["overdue"]] == ["N8", "N3", "N2"]
    assert [pk[n["id"]] for n in agenda["low_rated"]] == ["N11", "N1", "N5"]
    assert [(r["kind"], r["label"], [pk[n["id"]] for n in r["needs"]])
            for r in agenda["repeats"]] == [
        ("household", "三组 · 张大山户", ["N1", "N2", "N3"]),
        ("place", "东岳观村 · 设施维修", ["N1", "N2", "N4"]),
        ("place", "双岗村一组 · 环境卫生", ["N5", "N6"]),
    ]  # fmt: skip
    n8 = agenda["overdue"][0]
    assert n8 == {
        "region": "430821104202", "region_name": "双岗村", "id": town_needs["N8"].pk,
        "code": town_needs["N8"].code, "description": "N8 需求", "category": "env",
        "state": "reported", "due_at": "2026-10-27T01:00:00Z", "rating": None,
        "url": f"/needs/{town_needs['N8'].pk}/",
    }  # fmt: skip

    review_pk = body["id"]
    listed = call(client, town_admin, "get", "/", region="430821104000")
    assert [r["id"] for r in listed.json()["items"]] == [review_pk]
    changed = call(client, town_admin, "patch", f"/{review_pk}",
                   {"conclusions": "水管维修问题反复出现，需排查三组老旧管网"})  # fmt: skip
    assert changed.status_code == 200
    assert changed.json()["conclusions"] == "水管维修问题反复出现，需排查三组老旧管网"
    assert changed.json()["title"] == "十一月上半月需求复盘"


def test_follow_ups_are_added_done_and_turned_into_a_need(client, tree, town_admin):
    review = call(client, town_admin, "post", "/", NEW).json()
    path = f"/{review['id']}/follow-ups"
    first = call(client, town_admin, "post", path,
                 {"text": "排查三组老旧水管", "owner": "王主任", "due_on": "2026-11-30"})  # fmt: skip
    assert first.status_code == 201
    assert {k: first.json()[k] for k in ("text", "owner", "due_on", "done", "need_id")} == {
        "text": "排查三组老旧水管", "owner": "王主任", "due_on": "2026-11-30", "done": False,
        "need_id": None,
    }  # fmt: skip
    second = call(client, town_admin, "post", path, {"text": "每月回访低评价群众"}).json()

    done = call(client, town_admin, "post", f"{path}/{second['id']}/done", {})
    assert (done.status_code, done.json()["done"]) == (200, True)
    undone = call(client, town_admin, "post", f"{path}/{second['id']}/done", {"done": False})
    assert (undone.json()["done"], undone.json()["done_at"]) == (False, None)

    converted = call(client, town_admin, "post", f"{path}/{first.json()['id']}/convert",
                     {"region": "430821104201", "category": "repair", "urgency": "urgent"})  # fmt: skip
    assert converted.status_code == 201, converted.json()
    need = Need.unscoped.get(pk=converted.json()["need_id"])
    assert (need.source, need.description, need.region.name, need.urgency, need.state) == (
        "review", "排查三组老旧水管", "东岳观村", "urgent", "reported")  # fmt: skip
    assert converted.json()["need_code"] == need.code
    assert need.follow_up.review_id == review["id"]

    again = call(client, town_admin, "post", f"{path}/{first.json()['id']}/convert",
                 {"region": "430821104201", "category": "repair"})  # fmt: skip
    assert (again.status_code, again.json()["code"]) == (400, "follow_up_already_converted")
    assert Need.unscoped.filter(source="review").count() == 1

    detail = call(client, town_admin, "get", f"/{review['id']}").json()
    assert [(f["text"], f["need_code"]) for f in detail["follow_ups"]] == [
        ("排查三组老旧水管", need.code), ("每月回访低评价群众", "")]  # fmt: skip


def test_bad_reviews_and_conversions_are_refused(client, tree, town_admin, secretary_a):
    reversed_period = call(client, town_admin, "post", "/",
                           {**NEW, "period_start": "2026-11-15", "period_end": "2026-11-01"})  # fmt: skip
    assert (reversed_period.status_code, reversed_period.json()["code"],
            reversed_period.json()["field"]) == (400, "review_period_reversed", "period_end")  # fmt: skip
    county = call(client, town_admin, "post", "/", {**NEW, "region": "430821000000"})
    assert (county.status_code, county.json()["code"]) == (400, "region_unknown")
    blank = call(client, town_admin, "post", "/", {**NEW, "title": "  "})
    assert (blank.status_code, blank.json()["code"]) == (400, "title_required")
    # A village secretary holds reviews of their village; the town is outside their scope.
    town = call(client, secretary_a, "post", "/", NEW)
    assert (town.status_code, town.json()["code"]) == (400, "region_unknown")
    village = call(client, secretary_a, "post", "/", {**NEW, "region": "430821104201"})
    assert village.status_code == 201
    follow_up = call(client, secretary_a, "post", f"/{village.json()['id']}/follow-ups",
                     {"text": "回访"}).json()  # fmt: skip
    outside = call(client, secretary_a, "post",
                   f"/{village.json()['id']}/follow-ups/{follow_up['id']}/convert",
                   {"region": "430821104202", "category": "repair"})  # fmt: skip
    assert (outside.status_code, outside.json()["code"]) == (400, "region_unknown")
    unknown = call(client, secretary_a, "post",
                   f"/{village.json()['id']}/follow-ups/{follow_up['id']}/convert",
                   {"region": "430821104201", "category": "nope"})  # fmt: skip
    assert (unknown.status_code, unknown.json()["code"]) == (400, "category_unknown")
    assert FollowUp.unscoped.get(pk=follow_up["id"]).need_id is None
    assert Review.unscoped.count() == 1


def test_the_town_admin_may_not_convert_into_a_region_outside_the_review(client, tree, town_admin):
    village = call(client, town_admin, "post", "/", {**NEW, "region": "430821104201"}).json()
    follow_up = call(client, town_admin, "post", f"/{village['id']}/follow-ups",
                     {"text": "回访"}).json()  # fmt: skip
    outside = call(client, town_admin, "post",
                   f"/{village['id']}/follow-ups/{follow_up['id']}/convert",
                   {"region": "430821104202", "category": "repair"})  # fmt: skip
    assert (outside.status_code, outside.json()["code"], outside.json()["field"]) == (
        400, "region_outside_review", "region")  # fmt: skip
    assert not Need.unscoped.exists()
    assert dt.date.fromisoformat(village["held_on"]) == dt.date(2026, 11, 16)
