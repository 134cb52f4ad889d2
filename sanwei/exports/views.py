"""Export pages. Thin: permission checks and forms here, the work in `services`.

A masked export is a read: a GET (`exports/run/?identifier=persons&format=xlsx`). An
export that may carry full ID numbers and phones is a POST, and only users holding
VIEW_SENSITIVE may make it (others get 403); the export page posts its forms for them
and uses GET for everybody else. Persons outside the user's VIEW_SENSITIVE regions stay
masked either way (see ExportContext).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from sanwei.accounts.permissions import (
    VIEW_ACTIVITIES,
    VIEW_PEOPLE,
    VIEW_SENSITIVE,
    can,
    require,
)
from sanwei.activities.models import Activity, Attendance
from sanwei.core.errors import ServiceError

from . import services
from .exporters import AttendanceExporter
from .forms import ActivityExportForm, ExportForm
from .models import ExportRecord
from .registry import exporters_for

RECENT_RECORDS = 20


def file_response(result: services.ExportFile) -> FileResponse:
    response = FileResponse(
        result.file,
        as_attachment=True,
        filename=result.filename,
        content_type=result.content_type,
    )
    response["X-Export-Rows"] = str(result.rows)
    return response


def _card_form(request: HttpRequest, identifier: str, allow_unmask: bool, data=None) -> ExportForm:
    return ExportForm(
        data,
        user=request.user,
        allow_unmask=allow_unmask,
        initial={"identifier": identifier},
        auto_id=f"id_{identifier}_%s",
    )


def _index(request: HttpRequest, failed: ExportForm | None = None) -> HttpResponse:
    allow_unmask = can(request.user, VIEW_SENSITIVE)
    failed_identifier = failed.data.get("identifier") if failed is not None else None
    cards = []
    for cls in exporters_for(request.user):
        if cls.identifier == failed_identifier:
            form = failed
        else:
            form = _card_form(request, cls.identifier, allow_unmask)
        cards.append({"exporter": cls, "form": form, "headers": cls().headers})
    top_errors = (
        failed.errors.get("identifier") or failed.non_field_errors()
        if failed is not None and failed_identifier not in {c["exporter"].identifier for c in cards}
        else None
    )
    return render(
        request,
        "exports/index.html",
        {
            "cards": cards,
            "method": "post" if allow_unmask else "get",
            "top_errors": top_errors,
            "records": ExportRecord.objects.select_related("user", "region")[:RECENT_RECORDS],
        },
    )


@login_required
@require_safe
def export_index(request: HttpRequest) -> HttpResponse:
    require(request.user, VIEW_PEOPLE)
    return _index(request)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def export_run(request: HttpRequest) -> HttpResponse:
    require(request.user, VIEW_PEOPLE)
    unmasked_allowed = request.method == "POST"
    if unmasked_allowed:
        require(request.user, VIEW_SENSITIVE)
    data = request.POST if unmasked_allowed else request.GET
    identifier = data.get("identifier", "")
    form = _card_form(request, identifier, unmasked_allowed, data=data)
    if not form.is_valid():
        return _index(request, failed=form)
    try:
        cls = services.exporter_class(form.cleaned_data["identifier"])
        result = services.run_export(
            cls,
            user=request.user,
            fmt=form.cleaned_data["format"],
            unmask=form.cleaned_data.get("unmask", False),
            region=form.cleaned_data["region"],
        )
    except ServiceError as e:
        form.add_error(e.field if e.field in form.fields else None, e.message)
        return _index(request, failed=form)
    return file_response(result)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def attendance_export(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """GET: the form (or, with `format`, a masked download); POST: a download that may
    carry full ID numbers and phones (VIEW_SENSITIVE on the activity's region)."""
    require(request.user, VIEW_PEOPLE)
    require(request.user, VIEW_ACTIVITIES)
    activity = get_object_or_404(
        Activity.objects.select_related("region", "activity_type", "campaign"), pk=activity_pk
    )
    allow_unmask = can(request.user, VIEW_SENSITIVE, activity.region)
    form = None
    if request.method == "POST":
        require(request.user, VIEW_SENSITIVE, activity.region)
        form = ActivityExportForm(request.POST, allow_unmask=True)
    elif "format" in request.GET:
        form = ActivityExportForm(request.GET, allow_unmask=False)
    if form is not None and form.is_valid():
        try:
            result = services.run_export(
                AttendanceExporter,
                user=request.user,
                fmt=form.cleaned_data["format"],
                unmask=form.cleaned_data.get("unmask", False),
                activity=activity,
            )
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            return file_response(result)
    if form is None:
        form = ActivityExportForm(allow_unmask=allow_unmask)
    return render(
        request,
        "exports/attendance.html",
        {
            "activity": activity,
            "form": form,
            "method": "post" if allow_unmask else "get",
            "exporter": AttendanceExporter,
            "headers": AttendanceExporter().headers,
            "attendance_count": Attendance.objects.filter(activity=activity).count(),
        },
    )
