"""A 送学 task completed from several requests at once (a double tap on 完成, the assignee
and the secretary together) records one delivery: `complete_task` locks the task row
(`select_for_update`) before its "still open?" check, so the check and the delivery are one
step. The control removes the lock and shows several requests past the check at the same
moment, each recording a delivery. PostgreSQL only (see test_attendance_race.py).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from sanwei.accounts.models import Role
from sanwei.activities.models import Activity, Attendance
from sanwei.outreach.models import DeliveryTask

from ..factories import (
    CampaignFactory,
    DeliveryTaskFactory,
    PersonFactory,
    default_activity_type,
    user_with_role,
)
from .conftest import THREADS, CheckProbe, logged_in_clients, run_together

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.postgresql_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def task(tree) -> DeliveryTask:
    default_activity_type("delivery")  # transactional tests may start from empty tables
    volunteer = user_with_role(Role.VOLUNTEER, tree["village_a"], username="volunteer_a")
    return DeliveryTaskFactory(
        campaign=CampaignFactory(region=tree["town"]),
        person=PersonFactory(region=tree["village_a"], name="王大山"),
        assignee=volunteer,
    )


@pytest.fixture
def probe(monkeypatch) -> CheckProbe:
    """Every request past the "still open?" check goes on to create the delivery."""
    probe = CheckProbe()
    manager = Activity.unscoped
    monkeypatch.setitem(vars(manager), "create", probe.wrap(manager.create))
    return probe


@pytest.fixture
def without_lock(monkeypatch) -> None:
    manager = DeliveryTask.unscoped
    monkeypatch.setitem(vars(manager), "select_for_update", lambda *a, **kw: manager.all())


def _complete_from_everywhere(task):
    url = reverse("outreach:task_complete", args=[task.pk])
    data = {f"t{task.pk}-method": "in_person", f"t{task.pk}-delivered_at": "2023-01-08T15:30"}
    clients = logged_in_clients(task.assignee, THREADS)
    return run_together([lambda c=c: c.post(url, data) for c in clients])


def test_concurrent_completions_record_one_delivery(task, probe):
    outcomes = _complete_from_everywhere(task)

    statuses = sorted(o.response.status_code for o in outcomes)
    assert statuses == [200] * (THREADS - 1) + [302]
    refused = [o.response for o in outcomes if o.response.status_code == 200]
    assert all("该任务已完成，不能再次完成" in r.content.decode() for r in refused)
    assert probe.passed == 1
    with scopes_disabled():
        assert Activity.unscoped.filter(activity_type__code="delivery").count() == 1
        assert Attendance.unscoped.filter(person=task.person).count() == 1
        assert DeliveryTask.unscoped.get(pk=task.pk).status == "done"


def test_control_without_the_lock_several_deliveries_are_recorded(task, probe, without_lock):
    _complete_from_everywhere(task)

    assert probe.most_at_once > 1
    with scopes_disabled():
        assert Activity.unscoped.filter(activity_type__code="delivery").count() > 1
