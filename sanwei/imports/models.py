"""An import of a roster file: who uploaded what, for which region, and what it did.

The uploaded file is kept (under MEDIA_ROOT/imports/) only until the import is committed,
cancelled or fails, and at most `FILE_LIFETIME`; the job row stays as the record.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanwei.core.codes import random_code
from sanwei.core.models import RegionOwned, acting_user

FILE_LIFETIME = timedelta(days=1)
#: How many invalid rows (and rows with warnings) a job keeps; the totals are kept too.
MAX_STORED_PROBLEMS = 1000


class ImportKind(models.TextChoices):
    PERSONS = "persons", _("群众花名册")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("已上传")
    PREVIEWING = "previewing", _("正在检查")
    PREVIEWED = "previewed", _("待确认")
    COMMITTING = "committing", _("正在导入")
    COMMITTED = "committed", _("已导入")
    FAILED = "failed", _("失败")
    CANCELLED = "cancelled", _("已取消")


RUNNING_STATUSES = frozenset({ImportStatus.PREVIEWING, ImportStatus.COMMITTING})
FINAL_STATUSES = frozenset({ImportStatus.COMMITTED, ImportStatus.FAILED, ImportStatus.CANCELLED})


def import_file_path(instance: ImportJob, filename: str) -> str:
    """A random stored name keeping only the extension; the original name is a field."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    if not ext.isalnum():
        ext = "bin"
    return f"imports/{random_code(20)}.{ext[:8]}"


def empty_counts() -> dict[str, int]:
    return {
        "rows": 0,
        "new": 0,
        "updated": 0,
        "unchanged": 0,
        "invalid": 0,
        "warnings": 0,
        "households_new": 0,
        "households_updated": 0,
    }


class ImportJob(RegionOwned):
    kind = models.CharField(
        _("导入内容"), max_length=16, choices=ImportKind.choices, default=ImportKind.PERSONS
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, verbose_name=_("导入到"), related_name="+"
    )
    uploaded_by = acting_user(_("上传人"), related_name="+")
    committed_by = acting_user(_("确认导入人"), related_name="+")
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True, db_index=True)
    file = models.FileField(_("文件"), upload_to=import_file_path, blank=True, max_length=200)
    # Normalised rows written by the preview, read by the commit (no plaintext ID numbers).
    records_file = models.CharField(max_length=200, blank=True, editable=False)
    original_name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    file_format = models.CharField(_("格式"), max_length=8, blank=True)
    sheet_name = models.CharField(_("工作表"), max_length=100, blank=True)
    header_row = models.PositiveIntegerField(_("表头所在行"), null=True, blank=True)
    columns = models.JSONField(_("表头"), default=list, blank=True)
    # Column index (as a string, JSON keys are strings) → field key of readers.HEADER_ALIASES.
    mapping = models.JSONField(_("列对应"), default=dict, blank=True)
    counts = models.JSONField(_("统计"), default=empty_counts, blank=True)
    changed_fields = models.JSONField(_("变更字段"), default=dict, blank=True)
    errors = models.JSONField(_("错误行"), default=list, blank=True)  # [{line, messages}]
    error_total = models.PositiveIntegerField(_("错误行数"), default=0)
    warnings = models.JSONField(_("提醒"), default=list, blank=True)  # [{line, messages}]
    warning_total = models.PositiveIntegerField(_("提醒行数"), default=0)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    previewed_at = models.DateTimeField(_("检查完成时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    error_message = models.TextField(_("失败原因"), blank=True)

    # The action log records a job's status, counts and who confirmed it, not the row-level
    # bookkeeping (rows' errors may quote what the file held).
    audit_exclude = frozenset(
        {"file", "records_file", "columns", "mapping", "counts", "changed_fields", "errors",
         "warnings", "task_id", "error_message"}
    )  # fmt: skip

    class Meta(RegionOwned.Meta):
        ordering = ("-created_at", "-id")
        verbose_name = _("导入")
        verbose_name_plural = _("导入")

    def __str__(self) -> str:
        return f"{self.original_name}（{self.get_status_display()}）"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def expires_at(self):
        return self.created_at + FILE_LIFETIME if self.created_at else None

    @property
    def is_expired(self) -> bool:
        return bool(self.created_at) and timezone.now() >= self.created_at + FILE_LIFETIME

    @property
    def can_commit(self) -> bool:
        return self.status == ImportStatus.PREVIEWED and not self.is_expired and self.valid_rows > 0

    @property
    def valid_rows(self) -> int:
        counts = self.counts or {}
        return counts.get("new", 0) + counts.get("updated", 0) + counts.get("unchanged", 0)

    @property
    def to_apply(self) -> int:
        return self.counts.get("new", 0) + self.counts.get("updated", 0)

    def column_mapping(self) -> dict[int, str]:
        return {int(k): v for k, v in (self.mapping or {}).items()}
