"""送学 pages: my tasks (phone-first), the staff task list with its filters and overdue
tasks, assigning (the endpoint the gap list posts to), completing, cancelling, and the
recorded deliveries. Thin: the rules are in services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanwei.accounts.permissions import can, require, require_that
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.forms import add_service_error
from sanwei.core.viewkit import ListPage
from sanwei.coverage.gaps import reasons
from sanwei.people.privacy import masked_phone

from . import rules, services
from .filters import DeliveryFilter, TaskFilter
from .forms import AssignForm, CompleteForm, user_label
from .models import DeliveryDetail, DeliveryTask, TaskStatus
from .permissions import ASSIGN_TASKS, DO_TASKS, VIEW_TASKS

DONE_SHOWN = 20


def _next_url(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _task_rows(tasks, user) -> list[dict]:
    """What a task card shows: the person's name, 组 and address, why they are hard to
    reach, their masked phone, the due date and whether it is overdue."""
    today = services.local_today()
    rows = []
    for task in tasks:
        person = task.person
        household = person.household
        rows.append(
            {
                "task": task,
                "person": person,
                "place": person.region.name,
                "address": household.address if household else "",
                "reasons": reasons(person, today),
                "phone": masked_phone(person),
                "overdue": task.status == TaskStatus.OPEN and task.due_on < today,
                "may_complete": task.status == TaskStatus.OPEN and rules.may_complete(user, task),
            }
        )
    return rows


def _task_queryset():
    return DeliveryTask.objects.select_related(
        "person__region", "person__household", "campaign", "assignee", "delivery"
    )


@login_required
@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    """我的送学任务: the caller's open tasks first (overdue marked), each with its 完成
    form; then the ones done lately."""
    require(request.user, DO_TASKS)
    mine = _task_queryset().filter(assignee=request.user)
    open_tasks = list(mine.filter(status=TaskStatus.OPEN).order_by("due_on", "pk"))
    done = list(mine.filter(status=TaskStatus.DONE).order_by("-done_at", "-pk")[:DONE_SHOWN])
    rows = _task_rows(open_tasks, request.user)
    for row in rows:
        row["form"] = CompleteForm(task=row["task"], initial={"next": request.get_full_path()})
    return render(
        request,
        "outreach/my_tasks.html",
        {
            "rows": rows,
            "done_rows": _task_rows(done, request.user),
            "overdue_count": sum(1 for r in rows if r["overdue"]),
            "can_view_all": can(request.user, VIEW_TASKS),
        },
    )


class TaskList(ListPage):
    """The staff list: filters status, assignee, overdue, village, campaign."""

    model = DeliveryTask
    select_related = ("person__region", "person__household", "campaign", "assignee")
    filterset_class = TaskFilter
    permission = VIEW_TASKS
    template_name = "outreach/task_list.html"

    def get_queryset(self):
        queryset = super().get_queryset()
        first_open = Case(
            When(status=TaskStatus.OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return queryset.order_by(first_open, "due_on", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = _task_rows(context["page_obj"], self.request.user)
        context["overdue_only"] = self.request.GET.get("overdue") in ("true", "1", "True")
        context["can_assign"] = can(self.request.user, ASSIGN_TASKS)
        return context


task_list = TaskList.as_view()


@login_required
def assign(request: HttpRequest) -> HttpResponse:
    """GET: the form for the persons and households named in the query string. POST (the
    task pages and the gap list): `person`, `household` (any number), `assignee`,
    `due_on`, `campaign`, `next`; back to `next` with a message, or the form again."""
    require(request.user, ASSIGN_TASKS)
    data = request.POST if request.method == "POST" else None
    initial = {
        "person": request.GET.getlist("person"),
        "household": request.GET.getlist("household"),
        "campaign": request.GET.get("campaign"),
        "next": request.GET.get("next", ""),
    }
    form = AssignForm(data, user=request.user, initial=initial)
    if data is not None and form.is_valid():
        values = form.cleaned_data
        try:
            result = services.assign_tasks(
                values["campaign"],
                persons=values["person"],
                households=values["household"],
                assignee=values["assignee"],
                due_on=values["due_on"],
                note=values["note"],
                user=request.user,
            )
        except NotPermitted:
            raise
        except ServiceError as e:
            add_service_error(form, e)
        else:
            text = _("已指派%(count)s项送学任务给%(who)s") % {
                "count": len(result.created),
                "who": user_label(values["assignee"]),
            }
            if result.skipped_open:
                text += _("；%(n)s人已有未完成的任务，未重复指派") % {"n": result.skipped_open}
            if result.skipped_reached:
                text += _("；%(n)s名户内成员已覆盖，未指派") % {"n": result.skipped_reached}
            messages.success(request, text)
            return redirect(_next_url(request, reverse("outreach:task_list")))
    source = request.POST if data is not None else request.GET
    chosen_persons = form.fields["person"].queryset.filter(pk__in=_ids(source.getlist("person")))
    chosen_households = form.fields["household"].queryset.filter(
        pk__in=_ids(source.getlist("household"))
    )
    return render(
        request,
        "outreach/assign_form.html",
        {
            "form": form,
            "chosen_persons": chosen_persons,
            "chosen_households": chosen_households,
            "cancel_url": _next_url(request, reverse("outreach:task_list")),
        },
    )


def _ids(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


def _task(task_pk: int) -> DeliveryTask:
    return get_object_or_404(_task_queryset(), pk=task_pk)


@login_required
def task_complete(request: HttpRequest, task_pk: int) -> HttpResponse:
    """完成: record the delivery of one task (the assignee, or staff of its village)."""
    task = _task(task_pk)
    require_that(rules.may_complete(request.user, task), DO_TASKS)
    data = request.POST if request.method == "POST" else None
    form = CompleteForm(data, task=task, initial={"next": request.GET.get("next", "")})
    if data is not None and form.is_valid():
        values = form.cleaned_data
        try:
            services.complete_task(
                task,
                method=values["method"],
                delivered_at=values["delivered_at"],
                materials=values["materials"],
                note=values["note"],
                user=request.user,
            )
        except NotPermitted:
            raise
        except ServiceError as e:
            add_service_error(form, e)
        else:
            messages.success(
                request, _("已记录对%(name)s的送学，该群众已计入覆盖") % {"name": task.person.name}
            )
            return redirect(_next_url(request, reverse("outreach:my_tasks")))
    (row,) = _task_rows([task], request.user)
    return render(request, "outreach/task_complete.html", {"row": row, "form": form})


@login_required
@require_POST
def task_cancel(request: HttpRequest, task_pk: int) -> HttpResponse:
    task = _task(task_pk)
    require_that(rules.may_change_task(request.user, task), ASSIGN_TASKS)
    try:
        services.cancel_task(task, note=request.POST.get("note", "")[:500], user=request.user)
    except NotPermitted:
        raise
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("已取消对%(name)s的送学任务") % {"name": task.person.name})
    return redirect(_next_url(request, reverse("outreach:task_list")))


class DeliveryList(ListPage):
    """Recorded deliveries: method, by whom, when, materials."""

    model = DeliveryDetail
    select_related = ("activity__region", "activity__campaign", "delivered_by")
    prefetch_related = ("activity__materials", "activity__attendances__person")
    filterset_class = DeliveryFilter
    permission = VIEW_TASKS
    ordering = ("-delivered_at", "-pk")
    template_name = "outreach/delivery_list.html"


delivery_list = DeliveryList.as_view()
