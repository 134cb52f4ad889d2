"""A record of every export: who pulled which list, of which region, masked or not."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanwei.core.models import RegionOwned, acting_user


class ExportRecord(RegionOwned):
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("区划"),
        help_text=_("导出数据所在的区划；为空表示全部（超级管理员）"),
    )
    user = acting_user(_("导出人"))
    exporter = models.CharField(_("导出内容"), max_length=50)
    format = models.CharField(_("格式"), max_length=8)
    unmasked = models.BooleanField(_("含完整身份证号和手机号"), default=False)
    unmasked_people = models.PositiveIntegerField(_("未遮盖的人数"), default=0)
    row_count = models.PositiveIntegerField(_("行数"), default=0)
    params = models.JSONField(_("条件"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta(RegionOwned.Meta):
        ordering = ("-created_at", "-id")
        verbose_name = _("导出记录")
        verbose_name_plural = _("导出记录")

    def __str__(self) -> str:
        return f"{self.exporter} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def exporter_name(self) -> str:
        from .registry import get_exporter

        cls = get_exporter(self.exporter)
        return str(cls.verbose_name) if cls else self.exporter
