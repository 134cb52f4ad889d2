"""The documents page: build the workbook, the brief, the CSV archive, the record book or a
list of the exporter registry in the background, watch its progress (htmx polls), download
it when ready. Thin: the work is in `reports.jobs`."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from sanwei.accounts.permissions import require
from sanwei.core.errors import ServiceError
from sanwei.core.tasks import Progress

from . import jobs
from .forms import ReportJobForm
from .models import ReportJob
from .permissions import VIEW_FIGURES

RECENT_JOBS = 20


def _own_job(request: HttpRequest, job_pk: int) -> ReportJob:
    """The user's own job: outside their regions 404 (scoped), another user's 403 (the
    file is theirs)."""
    job = get_object_or_404(ReportJob.objects.select_related("region"), pk=job_pk)
    if job.user_id != request.user.pk:
        raise PermissionDenied
    return job


@never_cache
@login_required
@require_safe
def documents(request: HttpRequest) -> HttpResponse:
    """The form and the user's recent documents; with `kind` in the query, build one.

    Building a document is a read of the figures (like a masked export, a GET): it records
    a `ReportJob` and logs it, and redirects to the job's page."""
    require(request.user, VIEW_FIGURES)
    building = "kind" in request.GET
    initial = {"region": request.GET["region"]} if "region" in request.GET else {}
    form = ReportJobForm(request.GET if building else None, user=request.user, initial=initial)
    if building and form.is_valid():
        try:
            job = jobs.start_job(
                request.user,
                form.cleaned_data["kind"],
                form.cleaned_data["region"],
                campaign=form.cleaned_data["campaign"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            )
        except ServiceError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
        else:
            return redirect("reports:job", job_pk=job.pk)
    recent = ReportJob.objects.filter(user=request.user).select_related("region")[:RECENT_JOBS]
    return render(request, "reports/documents.html", {"form": form, "jobs": recent})


@never_cache
@login_required
@require_safe
def job_detail(request: HttpRequest, job_pk: int) -> HttpResponse:
    job = _own_job(request, job_pk)
    return render(
        request,
        "reports/job.html",
        {"job": job, "progress": Progress(job.progress_key).read()},
    )


@never_cache
@login_required
@require_safe
def job_progress(request: HttpRequest, job_pk: int) -> HttpResponse:
    """The progress bar (htmx polls it); once the work is done, htmx reloads the page."""
    job = _own_job(request, job_pk)
    response = render(
        request,
        "reports/_job_progress.html",
        {"job": job, "progress": Progress(job.progress_key).read()},
    )
    if not job.is_running and getattr(request, "htmx", False):
        response["HX-Refresh"] = "true"
    return response


@never_cache
@login_required
@require_safe
def job_download(request: HttpRequest, job_pk: int) -> HttpResponse:
    job = _own_job(request, job_pk)
    path = Path(job.path) if job.path else None
    if job.status != ReportJob.Status.DONE or path is None or not path.is_file():
        raise Http404
    job.log_action("sanwei.report.downloaded", user=request.user, data={"file": job.filename})
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=job.filename, content_type=job.content_type
    )
