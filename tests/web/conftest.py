"""The demo town built once for a whole test module (it takes seconds to minutes), inside
a transaction that is rolled back when the module is done; each test still runs in its
own savepoint. Modules using it mark their tests `django_db`, so the test database is set up
before it (pytest-django only sets up the databases that marked tests need)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import override_settings
from django_scopes import scopes_disabled

from sanwei.demo.builder import DemoSummary, build_demo

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def demo_town_for_module(django_db_blocker, scale: float) -> Iterator[DemoSummary]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with scopes_disabled(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
                summary = build_demo(progress=False, scale=scale)
            yield summary
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            ContentType.objects.clear_cache()
