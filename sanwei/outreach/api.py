"""送学 API: the same scoping, permissions and service rules as the pages."""

import datetime as dt

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from sanwei.accounts.permissions import require, require_that
from sanwei.activities.models import Campaign
from sanwei.core.api import ApiRouter, DbId, Paginator, SiteDateTime, referenced
from sanwei.core.errors import ServiceError
from sanwei.core.filters import filtered
from sanwei.coverage.gaps import reasons
from sanwei.people.models import Household, Person
from sanwei.people.privacy import masked_phone

from . import rules, services
from .filters import TaskFilter
from .forms import assignee_candidates, materials_for, user_label
from .models import DeliveryMethod, DeliveryTask, TaskStatus
from .permissions import ASSIGN_TASKS, DO_TASKS, VIEW_TASKS

router = ApiRouter(tags=["outreach"])

MAX_ASSIGN = 500


class TaskOut(Schema):
    id: int
    campaign_id: int
    campaign_name: str
    person_id: int
    person_name: str
    region: str = Field(..., description="群众所在区划代码")
    region_name: str
    address: str
    phone: str = Field(..., description="手机号码（脱敏）")
    reasons: list[str] = Field(
        ..., description="难覆盖原因（与缺口名单相同）：70岁以上、体弱多病、行动不便、外出流动"
    )
    assignee_id: int
    assignee_name: str
    due_on: dt.date
    status: TaskStatus
    status_display: str
    overdue: bool
    note: str
    created_at: dt.datetime
    done_at: dt.datetime | None
    delivery_id: int | None

    @staticmethod
    def resolve_campaign_name(obj: DeliveryTask) -> str:
        return obj.campaign.name

    @staticmethod
    def resolve_person_name(obj: DeliveryTask) -> str:
        return obj.person.name

    @staticmethod
    def resolve_region(obj: DeliveryTask) -> str:
        return obj.person.region.code

    @staticmethod
    def resolve_region_name(obj: DeliveryTask) -> str:
        return obj.person.region.name

    @staticmethod
    def resolve_address(obj: DeliveryTask) -> str:
        household = obj.person.household
        return household.address if household else ""

    @staticmethod
    def resolve_phone(obj: DeliveryTask) -> str:
        return masked_phone(obj.person)

    @staticmethod
    def resolve_reasons(obj: DeliveryTask) -> list[str]:
        return [str(r) for r in reasons(obj.person)]

    @staticmethod
    def resolve_assignee_name(obj: DeliveryTask) -> str:
        return user_label(obj.assignee)

    @staticmethod
    def resolve_status_display(obj: DeliveryTask) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_overdue(obj: DeliveryTask) -> bool:
        return obj.status == TaskStatus.OPEN and obj.due_on < services.local_today()


class AssignIn(Schema):
    campaign_id: DbId
    person_ids: list[DbId] = Field(default_factory=list, max_length=MAX_ASSIGN)
    household_ids: list[DbId] = Field(default_factory=list, max_length=MAX_ASSIGN)
    assignee_id: DbId
    due_on: dt.date
    note: str = Field("", max_length=500)


class AssignOut(Schema):
    created: list[TaskOut]
    skipped_open: int = Field(..., description="已有未完成任务而跳过的人数")
    skipped_reached: int = Field(..., description="户内已覆盖而跳过的人数")


class CompleteIn(Schema):
    method: DeliveryMethod
    delivered_at: SiteDateTime | None = None
    material_ids: list[DbId] = Field(default_factory=list, max_length=50)
    note: str = Field("", max_length=1000)


class ReassignIn(Schema):
    assignee_id: DbId
    due_on: dt.date | None = None


def _tasks() -> QuerySet[DeliveryTask]:
    return DeliveryTask.objects.select_related(
        "campaign", "person__region", "person__household", "assignee"
    )


def _task(task_pk: int) -> DeliveryTask:
    return get_object_or_404(_tasks(), pk=task_pk)


def _in_scope(queryset: QuerySet, ids: list[int], *, field: str, message: str) -> list:
    found = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ServiceError(f"{field.removesuffix('_ids')}_unknown", message, field=field)
    return [found[pk] for pk in dict.fromkeys(ids)]


@router.get("/tasks", response=list[TaskOut])
@paginate(Paginator, page_size=100)
def list_tasks(
    request,
    campaign: DbId | None = None,
    status: TaskStatus | None = None,
    assignee: DbId | None = None,
    overdue: bool | None = None,
    region: str | None = None,
):
    """Tasks in the caller's scope, open first; the page's filters (`region` a division
    code: the person's region within it; `overdue`: open and due before today)."""
    require(request.user, VIEW_TASKS)
    return filtered(TaskFilter, request, _tasks()).order_by("status", "due_on", "pk")


@router.get("/tasks/mine", response=list[TaskOut])
@paginate(Paginator, page_size=100)
def my_tasks(request, status: TaskStatus | None = TaskStatus.OPEN):
    """The caller's own tasks (open ones by default), earliest due first."""
    require(request.user, DO_TASKS)
    mine = _tasks().filter(assignee=request.user)
    if status is not None:
        mine = mine.filter(status=status)
    return mine.order_by("due_on", "pk")


@router.post("/tasks", response={201: AssignOut})
def assign_tasks(request, payload: AssignIn):
    """Assign persons and households (their members not yet reached) to an account."""
    require(request.user, ASSIGN_TASKS)
    campaign = referenced(
        Campaign.objects.all(),
        payload.campaign_id,
        field="campaign_id",
        message=_("专题不存在或不在您的管辖范围内"),
    )
    persons = _in_scope(
        Person.objects.select_related("region"),
        payload.person_ids,
        field="person_ids",
        message=_("群众不存在或不在您的管辖范围内"),
    )
    households = _in_scope(
        Household.objects.select_related("region"),
        payload.household_ids,
        field="household_ids",
        message=_("户不存在或不在您的管辖范围内"),
    )
    assignee = referenced(
        assignee_candidates(request.user),
        payload.assignee_id,
        field="assignee_id",
        message=_("负责人不存在或不能承担该区划的送学任务"),
    )
    result = services.assign_tasks(
        campaign,
        persons=persons,
        households=households,
        assignee=assignee,
        due_on=payload.due_on,
        note=payload.note,
        user=request.user,
    )
    created = list(_tasks().filter(pk__in=[t.pk for t in result.created]).order_by("pk"))
    return Status(
        201,
        {
            "created": created,
            "skipped_open": result.skipped_open,
            "skipped_reached": result.skipped_reached,
        },
    )


@router.post("/tasks/{task_pk}/complete", response=TaskOut)
def complete_task(request, task_pk: DbId, payload: CompleteIn):
    """Record the task's delivery (by its assignee, or staff of the person's region)."""
    task = _task(task_pk)
    require_that(rules.may_complete(request.user, task), DO_TASKS)
    materials = _in_scope(
        materials_for(task.person.region),
        payload.material_ids,
        field="material_ids",
        message=_("学习资料不存在或不能用于该群众"),
    )
    services.complete_task(
        task,
        method=payload.method,
        delivered_at=payload.delivered_at,
        materials=materials,
        note=payload.note,
        user=request.user,
    )
    return _task(task.pk)


@router.post("/tasks/{task_pk}/cancel", response=TaskOut)
def cancel_task(request, task_pk: DbId):
    task = _task(task_pk)
    require_that(rules.may_change_task(request.user, task), ASSIGN_TASKS)
    services.cancel_task(task, user=request.user)
    return _task(task.pk)


@router.post("/tasks/{task_pk}/reassign", response=TaskOut)
def reassign_task(request, task_pk: DbId, payload: ReassignIn):
    """Give an open task to another account (and optionally a new due date)."""
    task = _task(task_pk)
    require_that(rules.may_change_task(request.user, task), ASSIGN_TASKS)
    assignee = referenced(
        assignee_candidates(request.user),
        payload.assignee_id,
        field="assignee_id",
        message=_("负责人不存在或不能承担该区划的送学任务"),
    )
    services.reassign_task(task, assignee=assignee, due_on=payload.due_on, user=request.user)
    return _task(task.pk)
