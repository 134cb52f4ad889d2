"""Staff cancel and reassign open tasks; overdue tasks are the open ones due before today
(local date, Asia/Shanghai)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.outreach import services
from sanwei.outreach.models import DeliveryTask, TaskStatus

from ..factories import DeliveryTaskFactory, PersonFactory


@pytest.fixture
def task(tree, campaign, volunteer_a):
    return DeliveryTaskFactory(
        campaign=campaign, person=PersonFactory(region=tree["village_a"]), assignee=volunteer_a
    )


def test_a_secretary_cancels_an_open_task(task, secretary_a):
    services.cancel_task(task, note="已搬离本村", user=secretary_a)
    task.refresh_from_db()
    assert (task.status, task.note) == (TaskStatus.CANCELLED, "已搬离本村")


def test_the_assignee_may_not_cancel(task, volunteer_a):
    with pytest.raises(NotPermitted):
        services.cancel_task(task, user=volunteer_a)
    assert DeliveryTask.unscoped.get(pk=task.pk).status == "open"


def test_reassign_to_a_team_leader_of_the_village(task, secretary_a, leader_a):
    new_due = timezone.localdate() + dt.timedelta(days=3)
    services.reassign_task(task, assignee=leader_a, due_on=new_due, user=secretary_a)
    task.refresh_from_db()
    assert (task.assignee, task.due_on) == (leader_a, new_due)


def test_reassign_to_someone_outside_the_village_is_refused(task, secretary_a, volunteer_b):
    with pytest.raises(ServiceError) as refused:
        services.reassign_task(task, assignee=volunteer_b, user=secretary_a)
    assert refused.value.code == "assignee_out_of_region"


def test_overdue_is_open_and_due_before_today(tree, campaign, volunteer_a):
    today = dt.date(2023, 1, 10)
    person = PersonFactory(region=tree["village_a"])
    due = {
        "late": DeliveryTaskFactory(
            campaign=campaign, person=person, assignee=volunteer_a, due_on=dt.date(2023, 1, 9)
        ),
        "today": DeliveryTaskFactory(
            person__region=tree["village_a"], campaign=campaign, assignee=volunteer_a,
            due_on=today,
        ),
        "late_but_done": DeliveryTaskFactory(
            person__region=tree["village_a"], campaign=campaign, assignee=volunteer_a,
            due_on=dt.date(2023, 1, 2), status="done",
        ),
    }  # fmt: skip
    found = services.overdue(DeliveryTask.unscoped.all(), today=today)
    assert list(found) == [due["late"]]


def test_today_is_the_local_date_in_shanghai(settings):
    # 2023-01-09 17:00 UTC is already 2023-01-10 01:00 in Beijing.
    from unittest import mock

    moment = dt.datetime(2023, 1, 9, 17, 0, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        assert services.local_today() == dt.date(2023, 1, 10)
