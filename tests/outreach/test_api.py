"""The tasks API: list (the page's filters), mine, assign, complete, with the pages'
scope and permissions."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from sanwei.accounts.tokens import create_token
from sanwei.activities.models import Attendance
from sanwei.outreach.models import DeliveryTask

from ..factories import DeliveryTaskFactory, PersonFactory

TODAY = timezone.localdate()
NEXT_WEEK = TODAY + dt.timedelta(days=7)


def call(client, user, method, path, body=None):
    token = create_token(user, "test")
    return getattr(client, method)(
        f"/api/v1/outreach{path}",
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.fixture
def tasks(tree, campaign, volunteer_a, leader_a):
    village = tree["village_a"]
    return {
        "late": DeliveryTaskFactory(
            campaign=campaign, assignee=volunteer_a, due_on=TODAY - dt.timedelta(days=1),
            person=PersonFactory(region=village, name="甲逾期", phone="13812345678"),
        ),
        "open": DeliveryTaskFactory(
            campaign=campaign, assignee=leader_a,
            person=PersonFactory(region=village, name="乙未到期"),
        ),
        "b": DeliveryTaskFactory(
            campaign=campaign, assignee=leader_a,
            person=PersonFactory(region=tree["village_b"], name="丙双岗"),
        ),
    }  # fmt: skip


def test_list_is_scoped_and_filtered(client, secretary_a, town_admin, tasks, tree):
    body = call(client, secretary_a, "get", "/tasks").json()
    assert body["count"] == 2
    assert [t["person_name"] for t in body["items"]] == ["甲逾期", "乙未到期"]
    first = body["items"][0]
    assert (first["phone"], first["overdue"], first["region"]) == (
        "138****5678",
        True,
        tree["village_a"].code,
    )
    overdue = call(client, town_admin, "get", "/tasks?overdue=true").json()
    assert [t["person_name"] for t in overdue["items"]] == ["甲逾期"]
    in_b = call(client, town_admin, "get", f"/tasks?region={tree['village_b'].code}").json()
    assert [t["person_name"] for t in in_b["items"]] == ["丙双岗"]


def test_a_region_outside_the_scope_is_a_400(client, secretary_a, tasks, tree):
    response = call(client, secretary_a, "get", f"/tasks?region={tree['village_b'].code}")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("region_unknown", "region")


def test_mine_lists_the_callers_open_tasks(client, volunteer_a, tasks):
    body = call(client, volunteer_a, "get", "/tasks/mine").json()
    assert [t["person_name"] for t in body["items"]] == ["甲逾期"]


def test_a_volunteer_may_not_list_all_tasks(client, volunteer_a, tasks):
    assert call(client, volunteer_a, "get", "/tasks").status_code == 403


def test_assign(client, secretary_a, volunteer_a, campaign, household_a, tree):
    person = PersonFactory(region=tree["village_a"], name="赵独居")
    response = call(
        client,
        secretary_a,
        "post",
        "/tasks",
        {
            "campaign_id": campaign.pk,
            "person_ids": [person.pk],
            "household_ids": [household_a.pk],
            "assignee_id": volunteer_a.pk,
            "due_on": NEXT_WEEK.isoformat(),
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert sorted(t["person_name"] for t in body["created"]) == [
        "李秀英",
        "王大山",
        "王小军",
        "赵独居",
    ]
    assert (body["skipped_open"], body["skipped_reached"]) == (0, 0)
    assert DeliveryTask.unscoped.count() == 4


def test_assign_a_person_of_another_village_is_a_400(
    client, secretary_a, volunteer_a, campaign, tree
):
    person = PersonFactory(region=tree["village_b"])
    response = call(
        client, secretary_a, "post", "/tasks",
        {"campaign_id": campaign.pk, "person_ids": [person.pk], "assignee_id": volunteer_a.pk,
         "due_on": NEXT_WEEK.isoformat()},
    )  # fmt: skip
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("person_unknown", "person_ids")
    assert DeliveryTask.unscoped.count() == 0


def test_assign_to_an_assignee_outside_the_region_is_a_400(
    client, secretary_a, volunteer_b, campaign, tree
):
    person = PersonFactory(region=tree["village_a"])
    response = call(
        client, secretary_a, "post", "/tasks",
        {"campaign_id": campaign.pk, "person_ids": [person.pk], "assignee_id": volunteer_b.pk,
         "due_on": NEXT_WEEK.isoformat()},
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["code"] in ("assignee_unknown", "assignee_out_of_region")
    assert DeliveryTask.unscoped.count() == 0


def test_assign_with_a_past_due_date_is_a_400(client, secretary_a, volunteer_a, campaign, tree):
    person = PersonFactory(region=tree["village_a"])
    response = call(
        client, secretary_a, "post", "/tasks",
        {"campaign_id": campaign.pk, "person_ids": [person.pk], "assignee_id": volunteer_a.pk,
         "due_on": (TODAY - dt.timedelta(days=3)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {
        "code": "due_on_past",
        "message": "完成期限不能早于今天",
        "field": "due_on",
    }


def test_complete(client, volunteer_a, tasks):
    task = tasks["late"]
    response = call(
        client,
        volunteer_a,
        "post",
        f"/tasks/{task.pk}/complete",
        {"method": "phone", "delivered_at": "2023-01-08T15:30:00", "note": "电话讲解"},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["overdue"]) == ("done", False)
    task.refresh_from_db()
    assert task.delivery.starts_at == dt.datetime(2023, 1, 8, 7, 30, tzinfo=dt.UTC)
    assert Attendance.unscoped.filter(person=task.person).count() == 1


def test_complete_twice_is_a_400(client, volunteer_a, tasks):
    task = tasks["late"]
    call(client, volunteer_a, "post", f"/tasks/{task.pk}/complete", {"method": "phone"})
    response = call(client, volunteer_a, "post", f"/tasks/{task.pk}/complete", {"method": "phone"})
    assert response.status_code == 400
    assert response.json()["code"] == "task_not_open"


def test_complete_someone_elses_task_is_a_403(client, volunteer_a, tasks):
    response = call(
        client, volunteer_a, "post", f"/tasks/{tasks['open'].pk}/complete", {"method": "phone"}
    )
    assert response.status_code == 403
    assert DeliveryTask.unscoped.get(pk=tasks["open"].pk).status == "open"


def test_complete_a_task_of_another_village_is_a_404(client, secretary_a, tasks):
    response = call(
        client, secretary_a, "post", f"/tasks/{tasks['b'].pk}/complete", {"method": "phone"}
    )
    assert response.status_code == 404


def test_reassign_to_the_villages_team_leader(client, secretary_a, leader_a, tasks):
    task = tasks["late"]
    new_due = (TODAY + dt.timedelta(days=3)).isoformat()
    response = call(
        client, secretary_a, "post", f"/tasks/{task.pk}/reassign",
        {"assignee_id": leader_a.pk, "due_on": new_due},
    )  # fmt: skip
    assert response.status_code == 200
    assert (response.json()["assignee_id"], response.json()["due_on"]) == (leader_a.pk, new_due)
    task.refresh_from_db()
    assert task.assignee == leader_a


def test_reassign_by_the_assignee_is_a_403(client, volunteer_a, leader_a, tasks):
    task = tasks["late"]
    response = call(
        client, volunteer_a, "post", f"/tasks/{task.pk}/reassign", {"assignee_id": leader_a.pk}
    )
    assert response.status_code == 403
    assert DeliveryTask.unscoped.get(pk=task.pk).assignee == task.assignee
