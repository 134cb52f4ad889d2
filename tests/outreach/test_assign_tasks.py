"""Staff assign hard-to-reach persons, or whole households, to a lecturer or volunteer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.models import ActionLog
from sanwei.outreach import services
from sanwei.outreach.models import DeliveryTask, TaskStatus

from ..factories import (
    ActivityFactory,
    AttendanceFactory,
    DeliveryTaskFactory,
    PersonFactory,
    default_activity_type,
)

NEXT_WEEK = timezone.localdate() + dt.timedelta(days=7)


def test_a_secretary_assigns_persons_to_a_volunteer_of_the_village(
    tree, campaign, secretary_a, volunteer_a
):
    a = PersonFactory(region=tree["village_a"], name="张三")
    b = PersonFactory(region=tree["village_a"], name="李四")

    result = services.assign_tasks(
        campaign, persons=[a, b], assignee=volunteer_a, due_on=NEXT_WEEK, user=secretary_a
    )

    assert (len(result.created), result.skipped_open, result.skipped_reached) == (2, 0, 0)
    tasks = DeliveryTask.unscoped.order_by("person__name")
    assert [(t.person.name, t.assignee, t.status, t.due_on) for t in tasks] == [
        ("张三", volunteer_a, "open", NEXT_WEEK),
        ("李四", volunteer_a, "open", NEXT_WEEK),
    ]
    assert tasks[0].created_by == secretary_a
    logged = ActionLog.objects.filter(action_type="sanwei.delivery_task.assigned")
    assert logged.count() == 2
    assert logged.first().region_path == tree["village_a"].path


def test_a_household_means_its_members_not_yet_reached(
    tree, campaign, secretary_a, volunteer_a, household_a
):
    son = household_a.members.get(name="王小军")
    lesson = ActivityFactory(
        campaign=campaign,
        region=tree["village_a"],
        activity_type=default_activity_type("micro_party_lesson"),
    )
    AttendanceFactory(activity=lesson, person=son)

    result = services.assign_tasks(
        campaign, households=[household_a], assignee=volunteer_a, due_on=NEXT_WEEK, user=secretary_a
    )

    assert (len(result.created), result.skipped_reached) == (2, 1)
    assert sorted(DeliveryTask.unscoped.values_list("person__name", flat=True)) == [
        "李秀英",
        "王大山",
    ]


def test_persons_with_an_open_task_are_skipped_and_counted(
    tree, campaign, secretary_a, volunteer_a, leader_a
):
    a = PersonFactory(region=tree["village_a"])
    b = PersonFactory(region=tree["village_a"])
    DeliveryTaskFactory(campaign=campaign, person=a, assignee=leader_a)

    result = services.assign_tasks(
        campaign, persons=[a, b], assignee=volunteer_a, due_on=NEXT_WEEK, user=secretary_a
    )

    assert (len(result.created), result.skipped_open) == (1, 1)
    assert DeliveryTask.unscoped.get(person=a).assignee == leader_a
    assert DeliveryTask.unscoped.get(person=b).assignee == volunteer_a


def test_a_done_or_cancelled_task_does_not_block_a_new_one(
    tree, campaign, secretary_a, volunteer_a
):
    a = PersonFactory(region=tree["village_a"])
    DeliveryTaskFactory(campaign=campaign, person=a, assignee=volunteer_a, status="cancelled")

    result = services.assign_tasks(
        campaign, persons=[a], assignee=volunteer_a, due_on=NEXT_WEEK, user=secretary_a
    )

    assert len(result.created) == 1
    assert DeliveryTask.unscoped.filter(person=a, status=TaskStatus.OPEN).count() == 1


def test_the_database_holds_one_open_task_per_campaign_and_person(tree, campaign, volunteer_a):
    from django.db import IntegrityError, transaction

    a = PersonFactory(region=tree["village_a"])
    DeliveryTaskFactory(campaign=campaign, person=a, assignee=volunteer_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        DeliveryTaskFactory(campaign=campaign, person=a, assignee=volunteer_a)


def test_an_assignee_without_a_role_in_the_persons_village_is_refused(
    tree, campaign, secretary_a, volunteer_b
):
    a = PersonFactory(region=tree["village_a"], name="张三")

    with pytest.raises(ServiceError) as refused:
        services.assign_tasks(
            campaign, persons=[a], assignee=volunteer_b, due_on=NEXT_WEEK, user=secretary_a
        )

    assert (refused.value.code, refused.value.field) == ("assignee_out_of_region", "assignee")
    assert "东岳观村" in refused.value.message
    assert DeliveryTask.unscoped.count() == 0


def test_a_person_out_of_the_callers_scope_is_refused(tree, campaign, secretary_a, volunteer_a):
    inside = PersonFactory(region=tree["village_a"])
    outside = PersonFactory(region=tree["village_b"])

    with pytest.raises(NotPermitted):
        services.assign_tasks(
            campaign,
            persons=[inside, outside],
            assignee=volunteer_a,
            due_on=NEXT_WEEK,
            user=secretary_a,
        )

    assert DeliveryTask.unscoped.count() == 0


def test_a_person_outside_the_campaigns_region_is_refused(tree, secretary_a, volunteer_a):
    from ..factories import CampaignFactory

    campaign_b = CampaignFactory(region=tree["village_b"])
    a = PersonFactory(region=tree["village_a"])

    with pytest.raises(ServiceError) as refused:
        services.assign_tasks(
            campaign_b, persons=[a], assignee=volunteer_a, due_on=NEXT_WEEK, user=secretary_a
        )

    assert refused.value.code == "person_outside_campaign"


def test_a_due_date_in_the_past_is_refused(tree, campaign, secretary_a, volunteer_a):
    a = PersonFactory(region=tree["village_a"])
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    with pytest.raises(ServiceError) as refused:
        services.assign_tasks(
            campaign, persons=[a], assignee=volunteer_a, due_on=yesterday, user=secretary_a
        )

    assert (refused.value.code, refused.value.field) == ("due_on_past", "due_on")
    assert refused.value.message == "完成期限不能早于今天"
    assert DeliveryTask.unscoped.count() == 0


def test_due_today_is_accepted(tree, campaign, secretary_a, volunteer_a):
    a = PersonFactory(region=tree["village_a"])
    result = services.assign_tasks(
        campaign, persons=[a], assignee=volunteer_a, due_on=timezone.localdate(), user=secretary_a
    )
    assert len(result.created) == 1


def test_nothing_to_assign_is_refused(tree, campaign, secretary_a, volunteer_a):
    with pytest.raises(ServiceError) as refused:
        services.assign_tasks(campaign, assignee=volunteer_a, due_on=NEXT_WEEK, user=secretary_a)
    assert refused.value.code == "no_persons"


def test_a_volunteer_may_not_assign(tree, campaign, volunteer_a):
    a = PersonFactory(region=tree["village_a"])
    with pytest.raises(NotPermitted):
        services.assign_tasks(
            campaign, persons=[a], assignee=volunteer_a, due_on=NEXT_WEEK, user=volunteer_a
        )
    assert DeliveryTask.unscoped.count() == 0
