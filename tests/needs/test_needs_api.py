"""The needs API (/api/v1/needs): create, the loop's transitions as actions, suggestions,
the lookup by tracking code, and the work queue's filters."""

from __future__ import annotations

import json

from sanwei.accounts.tokens import create_token
from sanwei.needs.models import Need, VolunteerAccount

from ..factories import HouseholdFactory, PersonFactory, need_in_state, squad_volunteer


def call(client, user, method, path, body=None, **query):
    token = create_token(user, "test")
    if method == "get":
        return client.get(f"/api/v1/needs{path}", query, HTTP_AUTHORIZATION=f"Bearer {token}")
    return client.post(
        f"/api/v1/needs{path}",
        data=json.dumps(body or {}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_register_accept_take_resolve_rate_close_through_the_api(
    client, tree, secretary_a, volunteer_a
):
    household = HouseholdFactory(region=tree["village_a"])
    created = call(client, secretary_a, "post", "/", {
        "region": "430821104201", "description": " 独居老人代购药品 ", "category": "health",
        "urgency": "urgent", "household_id": household.pk,
    })  # fmt: skip
    assert created.status_code == 201
    pk = created.json()["id"]
    assert (created.json()["state"], created.json()["description"]) == (
        "reported",
        "独居老人代购药品",
    )
    assert created.json()["actions"] == ["accept", "reject", "refer"]

    accepted = call(client, secretary_a, "post", f"/{pk}/accept")
    assert (accepted.status_code, accepted.json()["state"]) == (200, "accepted")
    wang = squad_volunteer(tree["village_a"], name="王志愿")
    VolunteerAccount.unscoped.create(user=volunteer_a, person=wang)
    taken = call(client, volunteer_a, "post", f"/{pk}/take")
    assert (taken.status_code, taken.json()["state"], taken.json()["volunteer_name"]) == (
        200, "dispatched", "王志愿")  # fmt: skip
    started = call(client, volunteer_a, "post", f"/{pk}/start")
    assert (started.status_code, started.json()["state"]) == (200, "in_progress")
    over = call(client, volunteer_a, "post", f"/{pk}/resolve",
                {"summary": "已买药送到", "hours": [{"person_id": wang.pk, "hours": "25"}]})  # fmt: skip
    assert (over.status_code, over.json()["field"]) == (400, "hours")
    resolved = call(client, volunteer_a, "post", f"/{pk}/resolve",
                    {"summary": "已买药送到", "hours": [{"person_id": wang.pk, "hours": "1.5"}]})  # fmt: skip
    assert (resolved.status_code, resolved.json()["state"]) == (200, "resolved")
    by_volunteer = call(client, volunteer_a, "post", f"/{pk}/rate", {"rating": 5})
    assert by_volunteer.status_code == 403
    rated = call(client, secretary_a, "post", f"/{pk}/rate", {"rating": 4, "comment": "及时"})
    assert (rated.status_code, rated.json()["rating"]) == (200, 4)
    again = call(client, secretary_a, "post", f"/{pk}/rate", {"rating": 5})
    assert (again.status_code, again.json()["code"]) == (400, "need_already_rated")
    closed = call(client, secretary_a, "post", f"/{pk}/close")
    assert (closed.status_code, closed.json()["state"]) == (200, "closed")

    detail = call(client, secretary_a, "get", f"/{pk}")
    assert [e["action"] for e in detail.json()["events"]] == [
        "register", "accept", "take", "start", "resolve", "rate", "close"]  # fmt: skip
    assert detail.json()["hours"] == [
        {"person_id": wang.pk, "person_name": "王志愿", "hours": "1.50"}
    ]
    tracked = call(client, secretary_a, "get", f"/by-code/{detail.json()['code']}")
    assert (tracked.status_code, tracked.json()["state"]) == (200, "closed")
    assert "household" not in json.dumps(tracked.json())


def test_reject_refer_give_back_and_dispatch_to_a_squad(client, tree, secretary_a, volunteer_a):
    rejected = need_in_state("reported", region=tree["village_a"])
    response = call(client, secretary_a, "post", f"/{rejected.pk}/reject", {"reason": "  "})
    assert (response.status_code, response.json()["code"]) == (400, "reason_required")
    response = call(client, secretary_a, "post", f"/{rejected.pk}/reject", {"reason": "重复登记"})
    assert (response.json()["state"], response.json()["reason"]) == ("rejected", "重复登记")
    referred = need_in_state("accepted", region=tree["village_a"])
    response = call(client, secretary_a, "post", f"/{referred.pk}/refer", {"reason": "需镇里协调"})
    assert response.json()["state"] == "referred"

    wang = squad_volunteer(tree["village_a"], name="王志愿")
    VolunteerAccount.unscoped.create(user=volunteer_a, person=wang)
    need = need_in_state("accepted", region=tree["village_a"])
    squad = wang.memberships.get().team
    response = call(client, secretary_a, "post", f"/{need.pk}/dispatch", {"team_id": squad.pk})
    assert (response.json()["state"], response.json()["team_name"]) == (
        "dispatched", "东岳观村志愿服务小队")  # fmt: skip
    response = call(client, volunteer_a, "post", f"/{need.pk}/give-back", {"reason": "人手不够"})
    assert (response.status_code, response.json()["state"], response.json()["team_id"]) == (
        200, "accepted", None)  # fmt: skip
    again = call(client, secretary_a, "post", f"/{need.pk}/give-back", {"reason": "再退"})
    assert (again.status_code, again.json()["code"]) == (400, "need_illegal_transition")


def test_suggestions_and_the_queue_filters(client, tree, secretary_a, town_admin):
    squad_volunteer(tree["village_a"], name="王志愿", skills="水电维修")
    late = need_in_state("accepted", region=tree["village_a"], urgency="critical")
    Need.unscoped.filter(pk=late.pk).update(due_at=late.created_at.replace(year=2020))
    need_in_state("reported", region=tree["village_b"])
    suggested = call(client, secretary_a, "get", f"/{late.pk}/suggestions")
    assert suggested.status_code == 200
    assert [(c["name"], c["region"], c["skills"]) for c in suggested.json()["volunteers"]] == [
        ("王志愿", 3, 1)]  # fmt: skip
    assert [c["name"] for c in suggested.json()["squads"]] == ["东岳观村志愿服务小队"]
    queue = call(client, town_admin, "get", "/", overdue="true")
    assert [n["id"] for n in queue.json()["items"]] == [late.pk]
    assert queue.json()["items"][0]["overdue"] is True
    queue = call(client, secretary_a, "get", "/", state="reported")
    assert queue.json()["items"] == []
    queue = call(client, town_admin, "get", "/", region="430821104202")
    assert [n["state"] for n in queue.json()["items"]] == ["reported"]


def test_a_volunteer_without_a_squad_may_neither_register_nor_take(client, tree, volunteer_a):
    need = need_in_state("accepted", region=tree["village_a"])
    taken = call(client, volunteer_a, "post", f"/{need.pk}/take")
    assert taken.status_code == 403
    created = call(client, volunteer_a, "post", "/", {
        "region": "430821104201", "description": "路灯坏了", "category": "repair"})  # fmt: skip
    assert created.status_code == 403
    VolunteerAccount.unscoped.create(
        user=volunteer_a, person=squad_volunteer(tree["village_a"], name="王志愿")
    )
    created = call(client, volunteer_a, "post", "/", {
        "region": "430821104201", "description": "路灯坏了", "category": "repair",
        "source": "visit", "person_id": PersonFactory(region=tree["village_a"]).pk})  # fmt: skip
    assert (created.status_code, created.json()["source"]) == (201, "visit")
