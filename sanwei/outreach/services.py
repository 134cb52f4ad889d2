"""Rules of 送学: assigning gap tasks, completing them with a delivery, recording a
delivery directly, cancelling and reassigning.

A delivery is an `activities.Activity` of the delivery type in the person's region with
one audience Attendance (written by `activities.services.record_attendance`, so the
person counts as reached at once: coverage reads attendance), plus its `DeliveryDetail`
and the materials it used (`classroom.Material.activities`). Every write takes `user=`
and checks it first (`rules.py`); None and anonymous users are refused, the system passes
`SYSTEM`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import SYSTEM, require, require_that
from sanwei.activities.models import (
    Activity,
    ActivityType,
    Attendance,
    Campaign,
    Mode,
)
from sanwei.activities.services import record_attendance
from sanwei.core.db import violated_constraint
from sanwei.core.errors import ServiceError
from sanwei.core.models import user_or_none
from sanwei.coverage.engine import reached_person_ids
from sanwei.people.models import Household, Person
from sanwei.regions.models import Region, RegionLevel

from . import rules
from .models import DeliveryDetail, DeliveryMethod, DeliveryTask, TaskStatus
from .permissions import ASSIGN_TASKS, DO_TASKS

# How long a delivery lasts on the calendar (its Activity needs an end after its start).
DELIVERY_LENGTH = dt.timedelta(minutes=30)
# A delivery may be dated a little ahead of the server's clock (a phone's clock drifts).
CLOCK_SLACK = dt.timedelta(minutes=10)
TITLES = {
    DeliveryMethod.IN_PERSON: "送学上门（%(name)s）",
    DeliveryMethod.WECHAT: "微信送学（%(name)s）",
    DeliveryMethod.PHONE: "电话送学（%(name)s）",
}
MODES = {
    DeliveryMethod.IN_PERSON: Mode.OFFLINE,
    DeliveryMethod.WECHAT: Mode.ONLINE,
    DeliveryMethod.PHONE: Mode.ONLINE,
}


def local_today() -> dt.date:
    """Today in the site's time zone (Asia/Shanghai)."""
    return timezone.localdate()


def overdue(tasks: QuerySet[DeliveryTask], today: dt.date | None = None) -> QuerySet[DeliveryTask]:
    """Open tasks whose due date has passed (before today, local date)."""
    return tasks.filter(status=TaskStatus.OPEN, due_on__lt=today or local_today())


def _check_person_in_campaign(campaign: Campaign, person: Person, field_name: str) -> None:
    if not person.region.path.startswith(campaign.region.path):
        raise ServiceError(
            "person_outside_campaign",
            _("%(name)s不在专题“%(campaign)s”的范围（%(region)s）内")
            % {"name": person.name, "campaign": campaign.name, "region": campaign.region.name},
            field=field_name,
        )


def _check_assignee(assignee, person: Person) -> None:
    if not rules.may_be_assignee(assignee, person.region):
        raise ServiceError(
            "assignee_out_of_region",
            _("%(who)s在%(region)s没有承担送学任务的角色，不能指派%(name)s的任务")
            % {
                "who": _display(assignee),
                "region": person.region.name,
                "name": person.name,
            },
            field="assignee",
        )


def _check_due_on(due_on: dt.date | None) -> None:
    if due_on is None:
        raise ServiceError("due_on_required", _("请填写完成期限"), field="due_on")
    if due_on < local_today():
        raise ServiceError("due_on_past", _("完成期限不能早于今天"), field="due_on")


def _display(user) -> str:
    if user is None:
        return _("（未选择）")
    return user.get_full_name() or user.get_username()


# --------------------------------------------------------------------------- assign


@dataclass
class Assigned:
    """What `assign_tasks` did: the tasks made and the persons it left out."""

    created: list[DeliveryTask] = field(default_factory=list)
    skipped_open: int = 0  # an open task for the campaign exists already
    skipped_reached: int = 0  # household members the campaign has reached


@transaction.atomic
def assign_tasks(
    campaign: Campaign,
    *,
    persons: Iterable[Person] = (),
    households: Iterable[Household] = (),
    assignee,
    due_on: dt.date,
    note: str = "",
    user,
) -> Assigned:
    """Give `assignee` a task per person: the persons named, and the members of each
    household not yet reached. Persons with an open task for the campaign are skipped
    (counted). Refused: a caller without ASSIGN_TASKS on every person's region (403), a
    person outside the campaign, an assignee whose roles do not cover a person's region,
    a due date before today."""
    require(user, ASSIGN_TASKS)
    persons, households = list(persons), list(households)
    for household in households:
        require_that(rules.may_assign(user, household.region), ASSIGN_TASKS)
    for person in persons:
        require_that(rules.may_assign(user, person.region), ASSIGN_TASKS)
    _check_due_on(due_on)
    result = Assigned()
    wanted: dict[int, Person] = {p.pk: p for p in persons}
    if households:
        members = Person.unscoped.filter(household__in=households).select_related("region")
        reached = set(
            members.filter(pk__in=reached_person_ids(campaign)).values_list("pk", flat=True)
        )  # the coverage engine's rule: audience of the campaign's 微课堂 activities
        for member in members:
            if member.pk in wanted:
                continue
            if member.pk in reached:
                result.skipped_reached += 1
                continue
            require_that(rules.may_assign(user, member.region), ASSIGN_TASKS)
            wanted[member.pk] = member
    if not wanted:
        raise ServiceError("no_persons", _("请选择要送学的群众或户"), field="person")
    for person in wanted.values():
        _check_person_in_campaign(campaign, person, "person")
        _check_assignee(assignee, person)
    # Lock the persons: two assignments of one person cannot both see "no open task".
    list(Person.unscoped.select_for_update().filter(pk__in=wanted).values_list("pk"))
    taken = set(
        DeliveryTask.unscoped.filter(
            campaign=campaign, person_id__in=wanted, status=TaskStatus.OPEN
        ).values_list("person_id", flat=True)
    )
    result.skipped_open = len(taken)
    by = user_or_none(user)
    for person in sorted(wanted.values(), key=lambda p: (p.region.path, p.pk)):
        if person.pk in taken:
            continue
        task = DeliveryTask(
            campaign=campaign,
            person=person,
            assignee=assignee,
            due_on=due_on,
            note=note,
            created_by=by,
        )
        try:
            with transaction.atomic():
                task.save()
        except IntegrityError as e:
            if violated_constraint(e) != "one_open_delivery_task_per_person":
                raise
            result.skipped_open += 1
            continue
        task.log_action(
            "sanwei.delivery_task.assigned",
            user=user,
            data={
                "campaign": campaign.pk,
                "person": person.pk,
                "assignee": assignee.pk,
                "due_on": due_on.isoformat(),
            },
        )
        result.created.append(task)
    return result


# --------------------------------------------------------------------------- deliveries


def delivery_type() -> ActivityType:
    """The activity type of deliveries (`delivery`, or any active one marked 送学)."""
    types = ActivityType.objects.filter(is_delivery=True, is_active=True)
    found = types.filter(code="delivery").first() or types.order_by("sort_order", "pk").first()
    if found is None:
        raise ServiceError(
            "delivery_type_missing", _("没有启用的送学活动类型，请先在活动类型中启用")
        )
    return found


def delivery_region(person: Person) -> Region:
    """Where a delivery is recorded: the person's village (the 组's parent for a person
    registered in a villagers' group), like the village's other activities; coverage counts
    the person in their own 组 all the same."""
    region = person.region
    if region.level == RegionLevel.GROUP and region.parent_id is not None:
        return region.parent
    return region


def _materials(materials, region) -> list:
    chosen = list(materials or ())
    for material in chosen:
        if not region.path.startswith(material.region.path):
            raise ServiceError(
                "material_unknown",
                _("学习资料“%(title)s”不属于该群众所在区划") % {"title": material.title},
                field="materials",
            )
    return chosen


def _write_delivery(
    campaign: Campaign,
    person: Person,
    *,
    method: str,
    delivered_at: dt.datetime | None,
    materials,
    note: str,
    user,
) -> Activity:
    """The delivery itself, once the caller has been judged: its Activity, the person's
    audience attendance, its details and materials."""
    if method not in DeliveryMethod.values:
        raise ServiceError("delivery_method", _("请选择送学方式"), field="method")
    delivered_at = delivered_at or timezone.now()
    if timezone.is_naive(delivered_at):
        delivered_at = timezone.make_aware(delivered_at)
    if delivered_at > timezone.now() + CLOCK_SLACK:
        raise ServiceError("delivered_in_future", _("送学时间不能晚于现在"), field="delivered_at")
    if delivered_at.date() < campaign.starts_on - dt.timedelta(days=1):
        raise ServiceError(
            "delivered_before_campaign", _("送学时间早于专题开始日期"), field="delivered_at"
        )
    _check_person_in_campaign(campaign, person, "person")
    chosen = _materials(materials, person.region)
    method = DeliveryMethod(method)
    by = user_or_none(user)
    activity = Activity.unscoped.create(
        campaign=campaign,
        activity_type=delivery_type(),
        title=TITLES[method] % {"name": person.name},
        region=delivery_region(person),
        starts_at=delivered_at,
        ends_at=delivered_at + DELIVERY_LENGTH,
        mode=MODES[method],
        created_by=by,
    )
    activity.log_action(
        "sanwei.activity.created",
        user=user,
        data={
            "title": activity.title,
            "type": activity.activity_type.code,
            "region": activity.region.code,
            "campaign": campaign.pk,
        },
    )
    # The caller was judged by the delivery's rule (the assignee may complete their own
    # task without RECORD_ATTENDANCE): the one attendance writer runs for the system and
    # the attendance names who recorded it.
    attendance = record_attendance(activity, person, user=SYSTEM)
    if by is not None:
        Attendance.unscoped.filter(pk=attendance.pk).update(recorded_by=by)
    DeliveryDetail.unscoped.create(
        activity=activity, method=method, delivered_by=by, delivered_at=delivered_at, note=note
    )
    if chosen:
        activity.materials.add(*chosen)
    return activity


@transaction.atomic
def complete_task(
    task: DeliveryTask,
    *,
    method: str,
    delivered_at: dt.datetime | None = None,
    materials=(),
    note: str = "",
    user,
) -> DeliveryTask:
    """Mark a task done by recording its delivery; the person is reached at once. By the
    assignee or staff with ASSIGN_TASKS on the person's region; once only."""
    require_that(rules.may_complete(user, task), DO_TASKS)
    locked = DeliveryTask.unscoped.select_for_update().get(pk=task.pk)
    if locked.status != TaskStatus.OPEN:
        raise ServiceError(
            "task_not_open",
            _("该任务%(status)s，不能再次完成") % {"status": TaskStatus(locked.status).label},
        )
    activity = _write_delivery(
        task.campaign,
        task.person,
        method=method,
        delivered_at=delivered_at,
        materials=materials,
        note=note,
        user=user,
    )
    task.status, task.done_at, task.delivery = TaskStatus.DONE, timezone.now(), activity
    DeliveryTask.unscoped.filter(pk=task.pk).update(
        status=task.status, done_at=task.done_at, delivery=activity
    )
    task.log_action(
        "sanwei.delivery_task.completed",
        user=user,
        data={"delivery": activity.code, "method": method, "person": task.person_id},
    )
    return task


@transaction.atomic
def record_delivery(
    campaign: Campaign,
    person: Person,
    *,
    method: str,
    delivered_at: dt.datetime | None = None,
    materials=(),
    note: str = "",
    user,
) -> Activity:
    """Staff record a delivery without a task (ASSIGN_TASKS on the person's region). An
    open task of the campaign for the person is done by it."""
    require_that(rules.may_assign(user, person.region), ASSIGN_TASKS)
    open_task = (
        DeliveryTask.unscoped.select_for_update()
        .filter(campaign=campaign, person=person, status=TaskStatus.OPEN)
        .first()
    )
    activity = _write_delivery(
        campaign,
        person,
        method=method,
        delivered_at=delivered_at,
        materials=materials,
        note=note,
        user=user,
    )
    activity.log_action(
        "sanwei.delivery.recorded",
        user=user,
        data={"method": method, "person": person.pk, "task": getattr(open_task, "pk", None)},
    )
    if open_task is not None:
        DeliveryTask.unscoped.filter(pk=open_task.pk).update(
            status=TaskStatus.DONE, done_at=timezone.now(), delivery=activity
        )
        open_task.log_action(
            "sanwei.delivery_task.completed",
            user=user,
            data={"delivery": activity.code, "method": method, "person": person.pk},
        )
    return activity


# --------------------------------------------------------------------------- cancel, reassign


def _locked_open(task: DeliveryTask) -> DeliveryTask:
    locked = DeliveryTask.unscoped.select_for_update().get(pk=task.pk)
    if locked.status != TaskStatus.OPEN:
        raise ServiceError(
            "task_not_open",
            _("该任务%(status)s，不能再更改") % {"status": TaskStatus(locked.status).label},
        )
    return locked


@transaction.atomic
def cancel_task(task: DeliveryTask, *, note: str = "", user) -> DeliveryTask:
    require_that(rules.may_change_task(user, task), ASSIGN_TASKS)
    _locked_open(task)
    task.status = TaskStatus.CANCELLED
    if note:
        task.note = f"{task.note}\n{note}".strip()
    DeliveryTask.unscoped.filter(pk=task.pk).update(status=task.status, note=task.note)
    task.log_action("sanwei.delivery_task.cancelled", user=user, data={"person": task.person_id})
    return task


@transaction.atomic
def reassign_task(
    task: DeliveryTask, *, assignee, due_on: dt.date | None = None, user
) -> DeliveryTask:
    require_that(rules.may_change_task(user, task), ASSIGN_TASKS)
    _locked_open(task)
    _check_assignee(assignee, task.person)
    if due_on is not None and due_on != task.due_on:
        _check_due_on(due_on)
    before = task.assignee_id
    task.assignee = assignee
    task.due_on = due_on or task.due_on
    DeliveryTask.unscoped.filter(pk=task.pk).update(assignee=assignee, due_on=task.due_on)
    task.log_action(
        "sanwei.delivery_task.reassigned",
        user=user,
        data={"before": before, "after": assignee.pk, "due_on": task.due_on.isoformat()},
    )
    return task
