"""我的送学任务 on a phone: only the caller's tasks, open first, overdue marked, each with
the person's name, 组/address, reason, masked phone, due date and a 完成 form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sanwei.activities.models import Attendance
from sanwei.classroom.models import Material
from sanwei.outreach.models import DeliveryTask, TaskStatus

from ..factories import DeliveryTaskFactory, HouseholdFactory, PersonFactory

TODAY = timezone.localdate()


@pytest.fixture
def tasks(tree, campaign, volunteer_a, leader_a):
    home = HouseholdFactory(region=tree["village_a"], address="东岳观村三组12号")
    old = PersonFactory(
        region=tree["village_a"], household=home, name="王大山", birth_date=dt.date(1940, 3, 1),
        phone="13812345678",
    )  # fmt: skip
    away = PersonFactory(region=tree["village_a"], name="王小军", is_migrant=True)
    other = PersonFactory(region=tree["village_a"], name="刘别人")
    return {
        "late": DeliveryTaskFactory(
            campaign=campaign, person=old, assignee=volunteer_a,
            due_on=TODAY - dt.timedelta(days=2),
        ),
        "later": DeliveryTaskFactory(
            campaign=campaign, person=away, assignee=volunteer_a,
            due_on=TODAY + dt.timedelta(days=5),
        ),
        "theirs": DeliveryTaskFactory(campaign=campaign, person=other, assignee=leader_a),
    }  # fmt: skip


def test_my_tasks_shows_only_mine_open_first_with_overdue_marked(login, volunteer_a, tasks):
    response = login(volunteer_a).get("/outreach/tasks/mine/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "我的送学任务" in html
    assert "刘别人" not in html
    assert html.index("王大山") < html.index("王小军")
    assert "逾期" in html
    assert "138****5678" in html and "13812345678" not in html
    assert "东岳观村三组12号" in html
    assert "70岁以上" in html and "外出流动" in html
    assert "上门面对面" in html and "微信发送资料" in html and "电话讲解" in html


def test_the_complete_form_records_the_delivery(login, volunteer_a, tasks, tree):
    task = tasks["late"]
    leaflet = Material.unscoped.create(region=tree["town"], title="学习要点", kind="text")
    prefix = f"t{task.pk}"

    response = login(volunteer_a).post(
        f"/outreach/tasks/{task.pk}/complete/",
        {
            f"{prefix}-method": "in_person",
            f"{prefix}-delivered_at": "2023-01-08T15:30",
            f"{prefix}-materials": [leaflet.pk],
            f"{prefix}-note": "讲了一个小时",
            f"{prefix}-next": "/outreach/tasks/mine/",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/outreach/tasks/mine/"
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert list(task.delivery.materials.all()) == [leaflet]
    assert Attendance.unscoped.filter(person=task.person, activity=task.delivery).count() == 1
    assert task.delivery.delivery_detail.note == "讲了一个小时"


def test_an_invalid_completion_shows_the_form_again(login, volunteer_a, tasks):
    task = tasks["late"]
    response = login(volunteer_a).post(
        f"/outreach/tasks/{task.pk}/complete/", {f"t{task.pk}-delivered_at": "2023-01-08T15:30"}
    )
    assert response.status_code == 200
    assert DeliveryTask.unscoped.get(pk=task.pk).status == "open"


def test_someone_elses_task_cannot_be_completed_by_a_volunteer(login, volunteer_a, tasks):
    task = tasks["theirs"]
    response = login(volunteer_a).post(
        f"/outreach/tasks/{task.pk}/complete/",
        {f"t{task.pk}-method": "phone", f"t{task.pk}-delivered_at": "2023-01-08T15:30"},
    )
    assert response.status_code == 403
    assert DeliveryTask.unscoped.get(pk=task.pk).status == "open"


def test_a_county_viewer_has_no_tasks_page(login, county_viewer, tasks):
    assert login(county_viewer).get("/outreach/tasks/mine/").status_code == 403
