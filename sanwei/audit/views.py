"""The action log page: a town admin reads their region's records, filtered, and takes
them away as xlsx. Thin: who sees what is `services.visible_log`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from sanwei.accounts.permissions import require
from sanwei.core.models import ActionLog
from sanwei.core.viewkit import ListPage
from sanwei.exports import services as exports
from sanwei.exports.views import file_response

from .exporters import ActionLogExporter
from .filters import ActionLogFilter
from .labels import action_label
from .permissions import VIEW_AUDIT
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
