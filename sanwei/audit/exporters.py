"""The action log as an xlsx (or csv) file through the exporter registry: the records the
user may read, narrowed by the log page's filters (`ExportContext.params`)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanwei.exports.base import Column, ExportContext, Exporter
from sanwei.exports.registry import register

from .filters import ActionLogFilter
from .labels import action_label
from .permissions import VIEW_AUDIT
from .services import visible_log

CHUNK = 2000


@register
class ActionLogExporter(Exporter):
    identifier = "action_log"
    verbose_name = _("操作日志")
    description = _("本辖区的操作记录：谁、何时、从哪个地址、以会话或令牌做了什么")
    permission = VIEW_AUDIT
    has_region_filter = True
    columns = (
        Column(_("时间"), 20),
        Column(_("操作人"), 14),
        Column(_("操作"), 22),
        Column(_("操作代码"), 28),
        Column(_("对象"), 18),
        Column(_("地址"), 16),
        Column(_("方式"), 10),
        Column(_("区划路径"), 16, digits_as_text=True),
        Column(_("详情"), 60),
    )

    def queryset(self, context: ExportContext) -> QuerySet:
        queryset = visible_log(context.user)
        if context.region is not None:
            queryset = queryset.filter(region_path__startswith=context.region.path)
        return ActionLogFilter(context.params or None, queryset=queryset).qs

    def iterate_rows(self, context: ExportContext) -> Iterator[Sequence[Any]]:
        for entry in self.queryset(context).iterator(chunk_size=CHUNK):
            yield [
                timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                entry.user.username if entry.user else "",
                action_label(entry.action_type),
                entry.action_type,
                f"{entry.content_type.app_label}.{entry.content_type.model}:{entry.object_id}"
                if entry.content_type
                else "",
                entry.ip_address or "",
                entry.via_label,
                entry.region_path,
                json.dumps(entry.data, ensure_ascii=False, sort_keys=True),
            ]
