"""Documents built in the background: the workbook, the brief, the CSV archive, the record
book (PDF, or xlsx through the exporter registry) and any list of the exporter registry
(`exports.tasks.export_task`, masked). `start_job` checks the permission and the region,
records a `ReportJob`, logs it and enqueues `build_report` (`core.tasks.enqueue_nonblocking`:
a Celery worker with Redis, a thread of the web process otherwise); the task re-enters the
user's region scope, reports `Progress(job.progress_key)` and writes the file to the
private export directory. The page polls the progress with htmx and offers the download."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanwei.accounts.permissions import require
from sanwei.activities.models import Campaign
from sanwei.core.codes import random_code
from sanwei.core.errors import ServiceError
from sanwei.core.models import user_or_none
from sanwei.core.tasks import Progress, enqueue_nonblocking
from sanwei.exports import services as export_services
from sanwei.exports.tasks import export_dir, export_task
from sanwei.regions.models import Region

from .documents import DOCUMENTS
from .figures import figures
from .models import ReportJob
from .permissions import VIEW_FIGURES
from .recordbook import record_book_pdf

logger = logging.getLogger(__name__)

RECORD_BOOK_PDF = "record_book_pdf"
EXPORT_PREFIX = "export:"
STAGE_FIGURES = gettext_lazy("统计数字")
STAGE_WRITE = gettext_lazy("生成文件")


def job_kinds(user) -> list[tuple[str, str]]:
    """(kind, label) of everything `user` may build in the background."""
    from sanwei.exports.registry import exporters_for

    kinds = [(k, str(v[0])) for k, v in DOCUMENTS.items()]
    kinds.append((RECORD_BOOK_PDF, str(gettext_lazy("活动台账（PDF）"))))
    kinds += [
        (f"{EXPORT_PREFIX}{cls.identifier}", f"{cls.verbose_name}（Excel）")
        for cls in exporters_for(user)
    ]
    return kinds


def _permission(kind: str) -> str:
    if kind in DOCUMENTS or kind == RECORD_BOOK_PDF:
        return VIEW_FIGURES
    if kind.startswith(EXPORT_PREFIX):
        cls = export_services.exporter_class(kind.removeprefix(EXPORT_PREFIX))
        if cls.needs_activity or cls.needs_campaign:
            raise ServiceError("unknown_kind", _("没有这种文件"), field="kind")
        return cls.permission
    raise ServiceError("unknown_kind", _("没有这种文件"), field="kind")


@transaction.atomic
def start_job(
    user,
    kind: str,
    region: Region,
    *,
    campaign: Campaign | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> ReportJob:
    """Record and enqueue one background document. PermissionDenied without the kind's
    permission in `region`; ServiceError for an unknown kind or a reversed period."""
    require(user, _permission(kind), region)
    if start and end and start > end:
        raise ServiceError("period_invalid", _("截止日期不能早于起始日期"), field="end")
    params: dict[str, Any] = {
        "campaign": campaign.pk if campaign else None,
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
    }
    job = ReportJob.objects.create(region=region, user=user_or_none(user), kind=kind, params=params)
    job.log_action(
        "sanwei.report.requested", user=user, data={"kind": kind, "region": region.code, **params}
    )
    Progress(job.progress_key).update(0, 0, str(STAGE_FIGURES))
    enqueue_nonblocking(build_report, job.pk)
    return job


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@shared_task(name="sanwei.reports.build")
def build_report(job_pk: int) -> None:
    job = ReportJob.unscoped.select_related("user").get(pk=job_pk)
    try:
        _build(job)
    except Exception as e:  # the page says it failed; the log keeps the trace
        logger.exception("report job %s failed", job_pk)
        job.status, job.error, job.finished_at = ReportJob.Status.FAILED, str(e), timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        Progress(job.progress_key).finish()
        return
    job.log_action(
        "sanwei.report.built", user=job.user, data={"kind": job.kind, "file": job.filename}
    )


def _build(job: ReportJob) -> None:
    user = job.user
    if user is None:
        raise ServiceError("user_gone", _("申请人的账号已删除"))
    progress = Progress(job.progress_key)
    start, end = _date(job.params.get("from")), _date(job.params.get("to"))
    if job.kind.startswith(EXPORT_PREFIX):
        # The exporter registry's own background task, with its progress on this page.
        result = export_task.run(
            user.pk,
            job.kind.removeprefix(EXPORT_PREFIX),
            "xlsx",
            region_pk=job.region_id,
            progress_key=job.progress_key,
            start=job.params.get("from"),
            end=job.params.get("to"),
        )
        _done(job, result["path"], result["filename"], export_services.FORMATS["xlsx"][1])
        return
    with export_services.user_region_scope(user):
        require(user, _permission(job.kind), job.region)
        region = Region.objects.get(pk=job.region_id)  # scoped: the user must still see it
        campaign_pk = job.params.get("campaign")
        campaign = Campaign.objects.get(pk=campaign_pk) if campaign_pk else None
        if job.kind == RECORD_BOOK_PDF:
            progress.update(0, 1, str(STAGE_WRITE))
            content = record_book_pdf(region, start, end, campaign, progress=progress)
            ext, content_type, what = "pdf", "application/pdf", _("活动台账")
        else:
            label, ext, content_type, render = DOCUMENTS[job.kind]
            progress.update(0, 2, str(STAGE_FIGURES))
            data = figures(region, campaign, start, end)
            progress.update(1, 2, str(STAGE_WRITE))
            content = render(data)
            what = str(label).split("（")[0]
    path = export_dir() / f"report-{job.pk}-{random_code(12)}.{ext}"
    path.write_bytes(content)
    stamp = timezone.localdate().strftime("%Y%m%d")
    _done(job, str(path), f"{region.name}-{what}-{stamp}.{ext}", content_type)


def _done(job: ReportJob, path: str, filename: str, content_type: str) -> None:
    job.status, job.path, job.filename = ReportJob.Status.DONE, path, filename
    job.content_type, job.finished_at = content_type, timezone.now()
    job.save(update_fields=["status", "path", "filename", "content_type", "finished_at"])
    Progress(job.progress_key).finish()
