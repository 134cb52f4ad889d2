"""Background tasks of imports: run on a Celery worker, or eagerly without REDIS_URL.

Tasks run outside any request, so they disable the region scope explicitly; the
services filter by the job's region themselves.
"""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model

from sanwei.accounts.permissions import SYSTEM
from sanwei.core.scoping import scopes_disabled

from . import services
from .models import ImportJob


@shared_task(name="sanwei.imports.preview")
def preview_import(job_pk: int) -> str:
    with scopes_disabled():
        job = ImportJob.unscoped.get(pk=job_pk)
        return services.preview(job).status


@shared_task(name="sanwei.imports.commit")
def commit_import(job_pk: int, user_pk: int | None = None, *, as_system: bool = False) -> str:
    """Commit as the user who confirmed (checked again: they may have lost the right),
    or as the system when it confirmed (`as_system`)."""
    with scopes_disabled():
        job = ImportJob.unscoped.get(pk=job_pk)
        if as_system:
            user = SYSTEM
        else:
            user = get_user_model().objects.filter(pk=user_pk).first() if user_pk else None
        return services.commit(job, user).status
