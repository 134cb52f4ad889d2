"""Import pages: upload, preview (with a live progress bar), confirm. Thin: the work runs
in `services` (through background tasks); views check permissions and render.

Everyone here needs CHANGE_PEOPLE: on the chosen region to upload, on the job's region
for a job. Jobs are fetched through the scoped `ImportJob.objects`, so another region's
job answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.utils import ErrorList
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sanwei.accounts.permissions import CHANGE_PEOPLE, require
from sanwei.core.errors import ServiceError
from sanwei.core.uploads import too_large, upload_limit
from sanwei.core.viewkit import ListPage

from . import services, template
from .forms import MappingForm, UploadForm
from .models import ImportJob, ImportStatus
from .normalise import FIELD_LABELS


def _job(request: HttpRequest, import_pk: int) -> ImportJob:
    job = get_object_or_404(
        ImportJob.objects.select_related("region", "uploaded_by", "committed_by"), pk=import_pk
    )
    require(request.user, CHANGE_PEOPLE, job.region)
    return job


class ImportList(ListPage):
    model = ImportJob
    select_related = ("region", "uploaded_by")
    permission = CHANGE_PEOPLE
    template_name = "imports/import_list.html"


import_list = ImportList.as_view()


@login_required
@require_safe
def import_template(request: HttpRequest) -> HttpResponse:
    """The roster template (.xlsx): the headers the importer reads and one example row."""
    require(request.user, CHANGE_PEOPLE)
    response = HttpResponse(
        template.roster_template(request.user),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, template.FILENAME)
    return response


@login_required
@upload_limit("IMPORT_MAX_BYTES")
def import_create(request: HttpRequest) -> HttpResponse:
    require(request.user, CHANGE_PEOPLE)
    if request.method != "POST":
        return render(request, "imports/import_form.html", {"form": UploadForm(user=request.user)})
    form = UploadForm(request.POST, request.FILES, user=request.user)
    valid = form.is_valid()
    if too_large(request):  # refused while it arrived (sanwei.core.uploads)
        form.errors["file"] = ErrorList([services.too_large_message()])
        valid = False
    if valid:
        region = form.cleaned_data["region"]
        require(request.user, CHANGE_PEOPLE, region)
        try:
            job = services.create_job(
                form.cleaned_data["file"], form.cleaned_data["kind"], region, request.user
            )
        except ServiceError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
        else:
            job = services.start_preview(job, user=request.user)
            if job.is_running:
                text = _("已上传“%(name)s”，正在检查")
            else:
                text = _("已上传“%(name)s”")
            messages.success(request, text % {"name": job.original_name})
            return redirect("imports:import_detail", import_pk=job.pk)
    return render(request, "imports/import_form.html", {"form": form}, status=400)


@login_required
def import_detail(request: HttpRequest, import_pk: int) -> HttpResponse:
    job = _job(request, import_pk)
    mapping_form = None
    if job.columns:
        mapping_form = MappingForm(request.POST or None, job=job)
    if request.method == "POST":
        if mapping_form is None:
            messages.error(request, _("该文件没有可调整的列对应"))
            return redirect("imports:import_detail", import_pk=job.pk)
        if mapping_form.is_valid():
            try:
                services.start_preview(job, mapping_form.mapping, user=request.user)
            except ServiceError as e:
                messages.error(request, e.message)
            else:
                messages.success(request, _("已按新的列对应重新检查"))
            return redirect("imports:import_detail", import_pk=job.pk)
    changed = [
        (FIELD_LABELS.get(key, _("户")) if key != "household" else _("所属户"), n)
        for key, n in sorted(job.changed_fields.items(), key=lambda kv: -kv[1])
    ]
    return render(
        request,
        "imports/import_detail.html",
        {
            "job": job,
            "progress": services.progress_of(job),
            "same_file": services.same_file_message(job),
            "size_warning": services.job_size_warning(job),
            "mapping_form": mapping_form,
            "changed": changed,
            "counts": job.counts,
            "skipped": job.counts.get("invalid", 0),
            "cancellable": job.status
            in (ImportStatus.UPLOADED, ImportStatus.PREVIEWED, ImportStatus.FAILED),
        },
        status=400 if mapping_form is not None and mapping_form.errors else 200,
    )


@login_required
@require_POST
def import_commit(request: HttpRequest, import_pk: int) -> HttpResponse:
    job = _job(request, import_pk)
    try:
        job = services.start_commit(
            job, request.user, confirm_large=request.POST.get("confirm_large") == "yes"
        )
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        if job.status == ImportStatus.COMMITTED:
            messages.success(request, _("导入完成"))
        elif job.status == ImportStatus.FAILED:
            messages.error(request, job.error_message)
        else:
            messages.success(request, _("已确认，正在导入"))
    return redirect("imports:import_detail", import_pk=job.pk)


@login_required
@require_POST
def import_cancel(request: HttpRequest, import_pk: int) -> HttpResponse:
    job = _job(request, import_pk)
    try:
        services.cancel(job, request.user)
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("已取消导入，文件已删除"))
    return redirect("imports:import_detail", import_pk=job.pk)


@login_required
@require_safe
def import_progress(request: HttpRequest, import_pk: int) -> HttpResponse:
    """The progress bar (htmx polls it); once the work is done, htmx reloads the page."""
    job = _job(request, import_pk)
    response = render(
        request,
        "imports/_progress.html",
        {"job": job, "progress": services.progress_of(job)},
    )
    if not job.is_running and getattr(request, "htmx", False):
        response["HX-Refresh"] = "true"
    return response
