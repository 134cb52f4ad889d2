"""The opinion API: list with the page's filters, one opinion with its timeline, create,
the loop's transitions as actions, bulk answering, templates and rates."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

from sanwei.accounts.tokens import create_token
from sanwei.seminar.models import Opinion

from ..factories import AnswerTemplateFactory, OpinionFactory
from .loop_fixtures import *  # noqa: F403  (fixtures)
from .loop_fixtures import at_state

TODAY = timezone.localdate()


def call(client, user, method, path, body=None, **query):
    token = create_token(user, "test")
    if method == "get":
        return client.get(f"/api/v1/seminar{path}", query, HTTP_AUTHORIZATION=f"Bearer {token}")
    return client.post(
        f"/api/v1/seminar{path}",
        data=json.dumps(body or {}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_create_assign_answer_decide_close_through_the_api(
    client,
    tree,
    secretary_a,
    town_admin,
    leader_a,
):
    created = call(client, secretary_a, "post", "/opinions", {
        "region": "430821104201", "text": "  村口路灯坏了  ", "raised_on": TODAY.isoformat(),
        "raised_by_name": "李大爷",
    })  # fmt: skip
    assert created.status_code == 201
    pk = created.json()["id"]
    assert (created.json()["text"], created.json()["state"]) == ("村口路灯坏了", "received")
    assert created.json()["actions"] == ["assign", "answer"]

    due = (TODAY + dt.timedelta(days=3)).isoformat()
    assigned = call(client, secretary_a, "post", f"/opinions/{pk}/assign",
                    {"assignee_id": leader_a.pk, "due_on": due})  # fmt: skip
    assert (assigned.status_code, assigned.json()["state"]) == (200, "assigned")
    answered = call(client, leader_a, "post", f"/opinions/{pk}/answer", {"reply": "已修好"})
    assert (answered.status_code, answered.json()["state"]) == (200, "answered")
    decided = call(client, secretary_a, "post", f"/opinions/{pk}/decide",
                   {"decision": "not_adopted", "reason": "不属于村级事务"})  # fmt: skip
    assert (decided.status_code, decided.json()["state"]) == (200, "not_adopted")
    closed = call(client, town_admin, "post", f"/opinions/{pk}/close", {})
    assert (closed.status_code, closed.json()["state"]) == (200, "closed")

    detail = call(client, secretary_a, "get", f"/opinions/{pk}")
    assert [(e["action"], e["to_state"]) for e in detail.json()["events"]] == [
        ("create", "received"),
        ("assign", "assigned"),
        ("answer", "answered"),
        ("decide", "not_adopted"),
        ("close", "closed"),
    ]


def test_an_illegal_transition_is_a_400_with_the_states_named(client, tree, secretary_a):
    opinion = at_state("received", region=tree["village_a"])
    response = call(client, secretary_a, "post", f"/opinions/{opinion.pk}/close", {})
    assert response.status_code == 400
    assert response.json() == {
        "code": "opinion_illegal_transition",
        "message": "该意见现为“已收集”，不能办结（只有“已采纳”、“部分采纳”、“未采纳”的意见可以办结）",
        "field": None,
    }


def test_only_the_assignee_or_a_town_admin_answers(client, tree, leader_a, leader_a2, secretary_a):
    opinion = at_state("assigned", region=tree["village_a"], assignee=leader_a)
    for user in (leader_a2, secretary_a):
        response = call(client, user, "post", f"/opinions/{opinion.pk}/answer", {"reply": "我来"})
        assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    assert Opinion.unscoped.get(pk=opinion.pk).state == "assigned"


def test_empty_text_is_a_400_on_the_field(client, tree, secretary_a):
    response = call(client, secretary_a, "post", "/opinions", {
        "region": "430821104201", "text": " ", "raised_on": TODAY.isoformat(),
        "raised_by_name": "李大爷",
    })  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {
        "code": "text_required",
        "message": "请填写意见内容",
        "field": "text",
    }
    assert Opinion.unscoped.count() == 0


def test_the_list_filters_and_scope(client, tree, secretary_a, leader_a):
    at_state("assigned", region=tree["village_a"], assignee=leader_a, text="交给队长的")
    OpinionFactory(region=tree["village_a"], text="新收集的")
    OpinionFactory(region=tree["village_b"], text="双岗村的")
    everything = call(client, secretary_a, "get", "/opinions")
    assert sorted(o["text"] for o in everything.json()["items"]) == ["交给队长的", "新收集的"]
    mine = call(client, leader_a, "get", "/opinions", mine="true")
    assert [o["text"] for o in mine.json()["items"]] == ["交给队长的"]
    bad = call(client, secretary_a, "get", "/opinions", state="nonsense")
    assert bad.status_code == 400


def test_bulk_answer_is_all_or_nothing(client, tree, leader_a, leader_a2):
    mine = [at_state("assigned", region=tree["village_a"], assignee=leader_a) for _ in range(2)]
    theirs = at_state("assigned", region=tree["village_a"], assignee=leader_a2)
    refused = call(client, leader_a, "post", "/opinions/bulk-answer",
                   {"opinion_ids": [o.pk for o in [*mine, theirs]], "reply": "统一答复"})  # fmt: skip
    assert refused.status_code == 403
    assert {Opinion.unscoped.get(pk=o.pk).state for o in [*mine, theirs]} == {"assigned"}
    done = call(client, leader_a, "post", "/opinions/bulk-answer",
                {"opinion_ids": [o.pk for o in mine], "reply": "统一答复"})  # fmt: skip
    assert done.status_code == 200
    assert [o["state"] for o in done.json()] == ["answered", "answered"]


def test_templates_and_rates(client, tree, secretary_a):
    AnswerTemplateFactory(region=tree["town"], title="镇模板")
    AnswerTemplateFactory(region=tree["village_b"], title="双岗村模板")
    templates = call(client, secretary_a, "get", "/templates")
    assert [t["title"] for t in templates.json()["items"]] == ["镇模板"]
    at_state("answered", region=tree["village_a"])
    OpinionFactory(region=tree["village_a"])
    rates = call(client, secretary_a, "get", "/rates")
    assert rates.status_code == 200
    body = rates.json()
    assert (body["region"], body["collected"], body["answered"], body["reply_rate"]) == (
        "430821104201",
        2,
        1,
        50.0,
    )


def test_templates_are_made_and_deleted_where_the_right_covers(
    client, tree, town_admin, secretary_a
):
    created = call(client, town_admin, "post", "/templates", {
        "region": "430821104000", "title": "路灯", "body": "已通知电工。", "category": "roads",
    })  # fmt: skip
    assert (created.status_code, created.json()["category"]) == (201, "roads")
    pk = created.json()["id"]
    token = create_token(secretary_a, "t")
    refused = client.delete(f"/api/v1/seminar/templates/{pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert refused.status_code == 403  # seen in the village, changed only at the town
    token = create_token(town_admin, "t")
    deleted = client.delete(f"/api/v1/seminar/templates/{pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert deleted.status_code == 204
