"""A document built in the background (workbook, brief, CSV archive, record book, or a list
of the exporter registry): who asked, for which region and period, its progress and its
file once ready."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanwei.core.models import RegionOwned, acting_user


class ReportJob(RegionOwned):
    class Status(models.TextChoices):
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, verbose_name=_("区划"))
    user = acting_user(_("申请人"))
    kind = models.CharField(_("内容"), max_length=60)
    params = models.JSONField(_("条件"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    path = models.CharField(max_length=500, blank=True, editable=False)
    error = models.TextField(_("错误"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta(RegionOwned.Meta):
        ordering = ("-created_at", "-id")
        verbose_name = _("后台生成的文件")
        verbose_name_plural = _("后台生成的文件")

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_running(self) -> bool:
        return self.status == self.Status.RUNNING

    @property
    def progress_key(self) -> str:
        return f"report:{self.pk}"
