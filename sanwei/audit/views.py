"""The action log page: a town admin reads their region's records, filtered, and takes
them away as xlsx. Thin: who sees what is `services.visible_log`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sanwei.accounts.permissions import require, require_that
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.models import ActionLog
from sanwei.core.viewkit import ListPage
from sanwei.exports import services as exports
from sanwei.exports.views import file_response
from sanwei.people.models import ConflictStatus, IdConflict

from . import services
from .exporters import ActionLogExporter
from .filters import ActionLogFilter
from .labels import action_label
from .permissions import RECONCILE_IDS, VIEW_AUDIT
from .present import detail_lines
from .services import visible_log


class ActionLogList(ListPage):
    model = ActionLog
    filterset_class = ActionLogFilter
    permission = VIEW_AUDIT
    template_name = "audit/log_list.html"

    def get_queryset(self):
        self.filterset = ActionLogFilter(
            self.request.GET or None, queryset=visible_log(self.request.user)
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        for entry in context["page_obj"]:
            entry.label = action_label(entry.action_type)
            entry.lines = detail_lines(entry)
        context["query"] = self.request.GET.urlencode()
        context["can_reconcile"] = self.may(RECONCILE_IDS)
        if context["can_reconcile"]:
            context["open_conflicts"] = (
                services.id_conflicts(self.request.user).filter(status=ConflictStatus.OPEN).count()
            )
        return context


@login_required
@require_safe
def log_export(request: HttpRequest) -> HttpResponse:
    """The records the page shows (same filters), as an xlsx file; the export is recorded
    and logged like every other."""
    require(request.user, VIEW_AUDIT)
    result = exports.run_export(
        ActionLogExporter, user=request.user, fmt="xlsx", params=request.GET.dict()
    )
    return file_response(result)


class IdConflictList(ListPage):
    """The town office's ID-number conflicts: both people as far as the reader may identify
    them (masked), open ones first, each with the two ways to close it."""

    model = IdConflict
    permission = RECONCILE_IDS
    template_name = "audit/id_conflicts.html"

    def get_queryset(self):
        self.filterset = None
        return services.id_conflicts(self.request.user)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        for conflict in context["page_obj"]:
            conflict.sides = [
                (_("新登记的群众"), services.conflict_side(conflict.person, user)),
                (_("已登记的群众"), services.conflict_side(conflict.holder, user)),
            ]
            conflict.can_resolve = conflict.status == ConflictStatus.OPEN and (
                services.may_reconcile(user, conflict)
            )
        context["outcomes"] = [(value, ConflictStatus(value).label) for value in services.OUTCOMES]
        return context


@login_required
@require_POST
def id_conflict_resolve(request: HttpRequest, conflict_pk: int) -> HttpResponse:
    conflict = get_object_or_404(
        IdConflict.objects.select_related("person__region", "holder__region"), pk=conflict_pk
    )
    require_that(services.may_reconcile(request.user, conflict), RECONCILE_IDS)
    try:
        services.resolve_id_conflict(
            conflict,
            outcome=request.POST.get("outcome", ""),
            note=request.POST.get("note", ""),
            user=request.user,
        )
    except NotPermitted:
        raise
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("已处理该身份证号冲突"))
    return redirect("audit:id_conflicts")
