"""The demo town's 送学: tasks for hard-to-reach residents, some done with deliveries (and
their materials when the library has any), some open, some overdue on the demo's today;
the first village's volunteer and team leader hold some."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django_scopes import scopes_disabled

from sanwei.activities.models import Activity, Attendance
from sanwei.coverage.engine import is_reached
from sanwei.coverage.gaps import reasons
from sanwei.demo.builder import DEMO_TODAY, build_demo
from sanwei.outreach.models import DeliveryDetail, DeliveryTask, TaskStatus


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with scopes_disabled():
        yield build_demo(progress=False, scale=0.02)


def test_the_demo_has_tasks_done_open_and_overdue(demo):
    with scopes_disabled():
        tasks = DeliveryTask.unscoped.select_related("person", "delivery", "campaign")
        done = [t for t in tasks if t.status == TaskStatus.DONE]
        still_open = [t for t in tasks if t.status == TaskStatus.OPEN]
        overdue = [t for t in still_open if t.due_on < DEMO_TODAY]
        assert len(done) >= 3 and len(still_open) >= 3 and len(overdue) >= 1
        for task in tasks:
            assert reasons(task.person, DEMO_TODAY) != []
        for task in done:
            assert is_reached(task.campaign, task.person)
            assert Attendance.unscoped.filter(activity=task.delivery, person=task.person).exists()
            assert task.delivery.delivery_detail.delivered_by == task.assignee
        # The builder's own deliveries have their details too.
        deliveries = Activity.unscoped.filter(activity_type__is_delivery=True)
        assert DeliveryDetail.unscoped.count() == deliveries.count()


def test_the_demo_volunteer_and_leader_have_tasks_on_my_tasks(demo, client):
    users = get_user_model().objects
    for username in ("volunteer", "leader"):
        user = users.get(username=username)
        with scopes_disabled():
            mine = DeliveryTask.unscoped.filter(assignee=user, status=TaskStatus.OPEN)
            names = list(mine.values_list("person__name", flat=True))
        assert names, username
        client.force_login(user)
        html = client.get("/outreach/tasks/mine/").content.decode()
        assert all(name in html for name in names), username
