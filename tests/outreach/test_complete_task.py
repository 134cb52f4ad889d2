"""Marking a task done records the delivery: an Activity of the delivery type with the
person's audience attendance, its details and materials; the person is reached at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sanwei.activities.models import Activity, Attendance
from sanwei.classroom.models import Material
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.coverage.engine import coverage, is_reached
from sanwei.outreach import services
from sanwei.outreach.models import DeliveryDetail, DeliveryTask, TaskStatus

from ..factories import DeliveryTaskFactory, PersonFactory

AT = dt.datetime(2023, 1, 8, 15, 30, tzinfo=dt.UTC)


@pytest.fixture
def task(tree, campaign, volunteer_a):
    person = PersonFactory(region=tree["village_a"], name="张三")
    return DeliveryTaskFactory(campaign=campaign, person=person, assignee=volunteer_a)


@pytest.fixture
def leaflet(tree):
    return Material.unscoped.create(region=tree["town"], title="二十大精神学习要点", kind="text")


def test_the_assignee_completes_their_task_and_the_person_is_reached(
    tree, campaign, task, volunteer_a, leaflet
):
    before = coverage(campaign, tree["village_a"], depth=0).persons

    services.complete_task(
        task,
        method="in_person",
        delivered_at=AT,
        materials=[leaflet],
        note="讲解了二十大报告要点",
        user=volunteer_a,
    )

    task.refresh_from_db()
    assert (task.status, task.delivery is not None, task.done_at is not None) == (
        "done",
        True,
        True,
    )
    delivery = task.delivery
    assert delivery.title == "送学上门（张三）"
    assert (delivery.activity_type.code, delivery.region, delivery.campaign) == (
        "delivery",
        tree["village_a"],
        campaign,
    )
    assert (delivery.starts_at, delivery.mode) == (AT, "offline")
    assert list(
        Attendance.unscoped.filter(activity=delivery).values_list("person__name", "role")
    ) == [("张三", "audience")]
    assert Attendance.unscoped.get(activity=delivery).recorded_by == volunteer_a
    detail = DeliveryDetail.unscoped.get(activity=delivery)
    assert (detail.method, detail.delivered_by, detail.delivered_at, detail.note) == (
        "in_person",
        volunteer_a,
        AT,
        "讲解了二十大报告要点",
    )
    assert list(delivery.materials.all()) == [leaflet]
    after = coverage(campaign, tree["village_a"], depth=0).persons
    assert ((before.reached, before.total), (after.reached, after.total)) == ((0, 1), (1, 1))
    assert is_reached(campaign, task.person)


def test_a_wechat_delivery_is_an_online_activity(task, volunteer_a):
    services.complete_task(task, method="wechat", delivered_at=AT, user=volunteer_a)
    task.refresh_from_db()
    assert (task.delivery.title, task.delivery.mode) == ("微信送学（张三）", "online")


def test_completing_twice_is_refused(task, volunteer_a):
    services.complete_task(task, method="phone", delivered_at=AT, user=volunteer_a)

    with pytest.raises(ServiceError) as refused:
        services.complete_task(task, method="phone", delivered_at=AT, user=volunteer_a)

    assert refused.value.code == "task_not_open"
    assert refused.value.message == "该任务已完成，不能再次完成"
    assert Activity.unscoped.filter(activity_type__code="delivery").count() == 1
    assert Attendance.unscoped.count() == 1


def test_a_cancelled_task_cannot_be_completed(task, secretary_a, volunteer_a):
    services.cancel_task(task, user=secretary_a)
    with pytest.raises(ServiceError) as refused:
        services.complete_task(task, method="phone", delivered_at=AT, user=volunteer_a)
    assert refused.value.code == "task_not_open"


def test_staff_of_the_village_may_complete_a_task_for_the_assignee(task, secretary_a):
    services.complete_task(task, method="phone", delivered_at=AT, user=secretary_a)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.delivery.delivery_detail.delivered_by == secretary_a


def test_another_volunteer_of_the_village_may_not_complete_it(tree, task):
    from sanwei.accounts.models import Role

    from ..factories import user_with_role

    other = user_with_role(Role.VOLUNTEER, tree["village_a"])
    with pytest.raises(NotPermitted):
        services.complete_task(task, method="phone", delivered_at=AT, user=other)
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    assert Activity.unscoped.count() == 0


def test_a_delivery_in_the_future_is_refused(task, volunteer_a):
    later = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(ServiceError) as refused:
        services.complete_task(task, method="phone", delivered_at=later, user=volunteer_a)
    assert (refused.value.code, refused.value.field) == ("delivered_in_future", "delivered_at")
    assert DeliveryTask.unscoped.get(pk=task.pk).status == "open"


def test_an_unknown_method_is_refused(task, volunteer_a):
    with pytest.raises(ServiceError) as refused:
        services.complete_task(task, method="pigeon", delivered_at=AT, user=volunteer_a)
    assert (refused.value.code, refused.value.field) == ("delivery_method", "method")


def test_a_material_of_another_village_is_refused(tree, task, volunteer_a):
    theirs = Material.unscoped.create(region=tree["village_b"], title="双岗村资料", kind="text")
    with pytest.raises(ServiceError) as refused:
        services.complete_task(
            task, method="phone", delivered_at=AT, materials=[theirs], user=volunteer_a
        )
    assert refused.value.code == "material_unknown"
    assert Activity.unscoped.count() == 0


def test_a_delivery_to_a_person_of_a_group_is_recorded_in_the_village(tree, campaign, volunteer_a):
    from sanwei.regions.models import RegionLevel

    from ..factories import RegionFactory

    group = RegionFactory(
        code="430821104201003", name="3组", level=RegionLevel.GROUP, parent=tree["village_a"]
    )
    task = DeliveryTaskFactory(
        campaign=campaign, person=PersonFactory(region=group, name="李四"), assignee=volunteer_a
    )
    services.complete_task(task, method="phone", delivered_at=AT, user=volunteer_a)
    task.refresh_from_db()
    assert task.delivery.region == tree["village_a"]
    assert is_reached(campaign, task.person)
