"""Imports API, mounted at /api/v1/imports/: where a roster import stands and what it did,
and the confirmation of a previewed import (`POST /{id}/commit`; an implausibly large one
needs `"confirm_large": true`, see `services.size_check`). Uploading stays on the pages and
the `sanwei import` command.

Same scoping and permission as the import pages: CHANGE_PEOPLE on the job's region;
another region's job is a 404. The counts are the job record's: every data row exactly
once as new, updated, unchanged or invalid (`rows` is their sum); rows with warnings are
among them, counted again in `warnings`.
"""

from datetime import datetime

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from ninja import Field, Schema
from ninja.pagination import paginate

from sanwei.accounts.permissions import CHANGE_PEOPLE, require
from sanwei.core.api import ApiRouter, DbId, Paginator, RegionFields

from .models import ImportJob, ImportKind, ImportStatus
from .services import job_size_warning, same_file_imports, start_commit

router = ApiRouter(tags=["imports"])


class ImportCounts(Schema):
    rows: int = Field(description="数据行数 = new + updated + unchanged + invalid")
    new: int = Field(description="新增的群众")
    updated: int = Field(description="有更新的群众")
    unchanged: int = Field(description="没有变化的群众")
    invalid: int = Field(description="有错误、不导入的行")
    warnings: int = Field(description="需核对的行（已计入以上四类之一）")
    households_new: int
    households_updated: int


class ImportOut(RegionFields):
    id: int
    kind: ImportKind
    status: ImportStatus
    status_display: str
    original_name: str
    size: int
    created_at: datetime
    previewed_at: datetime | None
    finished_at: datetime | None
    counts: ImportCounts
    error_message: str

    @staticmethod
    def resolve_status_display(obj: ImportJob) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_counts(obj: ImportJob) -> dict[str, int]:
        counts = dict.fromkeys(ImportCounts.model_fields, 0)
        counts.update({k: v for k, v in (obj.counts or {}).items() if k in counts})
        return counts


class ProblemOut(Schema):
    line: int = Field(description="文件中的行号")
    messages: list[str]


class ImportDetailOut(ImportOut):
    same_file_imports: list[int] = Field(
        description="同一区划中已导入过内容完全相同（SHA-256）文件的导入记录编号，新的在前"
    )
    error_total: int
    errors: list[ProblemOut] = Field(description="有错误的行（最多1000行）")
    warning_total: int
    warnings: list[ProblemOut] = Field(description="需核对的行（最多1000行）")

    size_warning: str = Field(
        description="行数超出导入区划的合理范围时的提醒（确认导入须带 confirm_large），否则为空"
    )

    @staticmethod
    def resolve_same_file_imports(obj: ImportJob) -> list[int]:
        return list(same_file_imports(obj).values_list("pk", flat=True))

    @staticmethod
    def resolve_size_warning(obj: ImportJob) -> str:
        return job_size_warning(obj)


class CommitIn(Schema):
    confirm_large: bool = Field(
        False, description="确认导入行数超出合理范围的文件（见 size_warning）"
    )


def _jobs() -> QuerySet[ImportJob]:
    return ImportJob.objects.select_related("region")


@router.get("/", response=list[ImportOut])
@paginate(Paginator, page_size=50)
def list_imports(request, status: ImportStatus | None = None):
    """Imports into the caller's regions, newest first."""
    require(request.user, CHANGE_PEOPLE)
    jobs = _jobs()
    if status is not None:
        jobs = jobs.filter(status=status)
    return jobs.order_by("-created_at", "-id")


@router.get("/{import_pk}", response=ImportDetailOut)
def get_import(request, import_pk: DbId):
    """One import: its status, the four counts, and its invalid rows and warnings."""
    job = get_object_or_404(_jobs(), pk=import_pk)
    require(request.user, CHANGE_PEOPLE, job.region)
    return job


@router.post("/{import_pk}/commit", response=ImportDetailOut)
def commit_import(request, import_pk: DbId, payload: CommitIn):
    """Confirm a previewed import (the page's 确认导入): applied at once, or in the background
    when a worker runs (then `status` is `committing`). Refused with 400
    `import_size_unconfirmed` when `size_warning` is not empty and `confirm_large` is not
    true; `import_not_previewed`, `import_expired`, `import_nothing_valid` as on the page."""
    job = get_object_or_404(_jobs(), pk=import_pk)
    require(request.user, CHANGE_PEOPLE, job.region)
    job = start_commit(job, request.user, confirm_large=payload.confirm_large)
    return _jobs().get(pk=job.pk)
