"""Exports as a background task (Celery on Redis when REDIS_URL is set, eager otherwise).

The pages export synchronously (a town's lists take seconds); this task is for larger
exports and for callers outside a request: the background documents page
(`reports:documents`, a `reports.ReportJob` per run) runs it with a progress bar. It re-activates the requesting user's region
scope, so it sees exactly what the user would see in a request, and writes the file to
the private export directory (not MEDIA_ROOT: exports hold personal data).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model

from sanwei.activities.models import Activity
from sanwei.core.codes import random_code
from sanwei.regions.models import Region

from . import services


def export_dir() -> Path:
    path = Path(getattr(settings, "EXPORT_DIR", settings.DATA_DIR / "exports"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@shared_task(name="sanwei.exports.run")
def export_task(
    user_pk: int,
    identifier: str,
    fmt: str = "xlsx",
    unmask: bool = False,
    region_pk: int | None = None,
    activity_pk: int | None = None,
    progress_key: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> dict:
    """Run one export as `user_pk`; returns the record's pk, the file's path and name."""
    user = get_user_model().objects.get(pk=user_pk)
    with services.user_region_scope(user):
        # Scoped lookups: another region's object is DoesNotExist here, as 404 in a page.
        region = Region.objects.get(pk=region_pk) if region_pk else None
        activity = Activity.objects.get(pk=activity_pk) if activity_pk else None
        result = services.run_export(
            services.exporter_class(identifier),
            user=user,
            fmt=fmt,
            unmask=unmask,
            region=region,
            activity=activity,
            progress_key=progress_key,
            start=dt.date.fromisoformat(start) if start else None,
            end=dt.date.fromisoformat(end) if end else None,
        )
    path = export_dir() / f"{result.record.pk}-{random_code(12)}.{fmt}"
    with result.file, path.open("wb") as out:
        while chunk := result.file.read(1024 * 1024):
            out.write(chunk)
    return {
        "record": result.record.pk,
        "path": str(path),
        "filename": result.filename,
        "rows": result.rows,
    }
