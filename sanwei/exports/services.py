"""Running an export: render it, record it, log it.

`run_export` must run inside the caller's region scope (the request's; a task enters its
user's with `user_region_scope`). Personal fields are masked unless the caller asks for
them unmasked AND holds VIEW_SENSITIVE on each person's region; every export is recorded
(`ExportRecord`) and logged once, as "sanwei.export.unmasked" when it revealed anything,
naming the people it revealed (their ids).
"""

from __future__ import annotations

import tempfile
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import SYSTEM, require, user_scope
from sanwei.core.errors import ServiceError
from sanwei.core.models import user_or_none
from sanwei.core.scoping import region_scope, scopes_disabled
from sanwei.core.tasks import Progress
from sanwei.regions.models import PATH_LENGTH, Region

from .base import FORMATS, ExportContext, Exporter
from .models import ExportRecord
from .registry import get_exporter

SPOOL_BYTES = 16 * 1024 * 1024  # exports larger than this go to a temporary file


@dataclass
class ExportFile:
    """A rendered export: `file` is positioned at 0; close it when done."""

    filename: str
    content_type: str
    file: IO[bytes]
    rows: int
    unmasked: bool
    record: ExportRecord


def exporter_class(identifier: str) -> type[Exporter]:
    cls = get_exporter(identifier)
    if cls is None:
        raise ServiceError("unknown_exporter", _("没有这种导出内容"), field="identifier")
    return cls


def user_region_scope(user) -> AbstractContextManager:
    """The scope a request of `user` would have: for code outside a request (tasks)."""
    if user is SYSTEM or getattr(user, "is_superuser", False):
        return scopes_disabled()
    return region_scope(user_scope(user))


def run_export(
    exporter_cls: type[Exporter],
    *,
    user,
    fmt: str = "xlsx",
    unmask: bool = False,
    region: Region | None = None,
    activity: Any = None,
    campaign: Any = None,
    progress_key: str | None = None,
    start: Any = None,
    end: Any = None,
    params: dict[str, str] | None = None,
) -> ExportFile:
    """Render `exporter_cls` for `user` and record it. Raises PermissionDenied without the
    exporter's permission, ServiceError for a bad format or a missing activity or
    campaign."""
    require(user, exporter_cls.permission)
    if fmt not in FORMATS:
        raise ServiceError("unknown_format", _("不支持的导出格式"), field="format")
    if exporter_cls.needs_activity and activity is None:
        raise ServiceError("activity_required", _("请选择活动"), field="activity")
    if exporter_cls.needs_campaign and campaign is None:
        raise ServiceError("campaign_required", _("请选择专题"), field="campaign")
    context = ExportContext(
        user=user,
        unmask=unmask,
        region=region if exporter_cls.has_region_filter else None,
        activity=activity if exporter_cls.needs_activity else None,
        campaign=campaign if exporter_cls.needs_campaign else None,
        start=start,
        end=end,
        progress=Progress(progress_key) if progress_key else None,
        params=dict(params or {}),
    )
    exporter = exporter_cls()
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    try:
        rows = exporter.render(context, fmt, out)
        record = record_export(exporter_cls, context, fmt=fmt, rows=rows)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return ExportFile(
        filename=exporter.filename(context, fmt),
        content_type=FORMATS[fmt][1],
        file=out,
        rows=rows,
        unmasked=record.unmasked,
        record=record,
    )


@transaction.atomic
def record_export(
    exporter_cls: type[Exporter], context: ExportContext, *, fmt: str, rows: int
) -> ExportRecord:
    unmasked = context.unmasked_people > 0
    params: dict[str, Any] = {}
    if context.region is not None:
        params["region"] = context.region.code
    if context.activity is not None:
        params["activity"] = context.activity.pk
    if context.campaign is not None:
        params["campaign"] = context.campaign.pk
    if context.start is not None:
        params["from"] = context.start.isoformat()
    if context.end is not None:
        params["to"] = context.end.isoformat()
    if context.unmask:
        params["unmask_requested"] = True
    if context.params:
        params["filters"] = context.params
    record = ExportRecord.objects.create(
        region=record_region(context),
        user=user_or_none(context.user),
        exporter=exporter_cls.identifier,
        format=fmt,
        unmasked=unmasked,
        unmasked_people=context.unmasked_people,
        row_count=rows,
        params=params,
    )
    record.log_action(
        "sanwei.export.unmasked" if unmasked else "sanwei.export.created",
        user=context.user,
        data={
            "exporter": exporter_cls.identifier,
            "format": fmt,
            "rows": rows,
            "unmasked_people": context.unmasked_people,
            "unmasked_person_ids": context.revealed_person_ids,
            **params,
        },
    )
    return record


def record_region(context: ExportContext) -> Region | None:
    """The region whose data was exported: the activity's, the filter's, or the smallest
    region holding the user's whole scope (None for a superuser's whole deployment)."""
    if context.activity is not None:
        return context.activity.region
    if context.region is not None:
        return context.region
    paths = user_scope(context.user).paths
    if not paths:
        return None
    common = paths[0]
    for path in paths[1:]:
        while not path.startswith(common):
            common = common[:-1]
    prefixes = [common[:n] for n in PATH_LENGTH.values() if n <= len(common)]
    # The common ancestor may lie above the scope: read it unscoped (a service, not a view).
    return Region.unscoped.filter(path__in=prefixes).order_by("-level").first()
