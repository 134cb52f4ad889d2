"""The demo town, built small (scale 0.02: ~120 households, ~400 residents, all 16 villages)."""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import override_settings
from django_scopes import scopes_disabled

from sanwei.activities.models import Activity, Attendance
from sanwei.demo.builder import DemoSummary, build_demo
from sanwei.people.models import Household, Person
from sanwei.teams.models import Membership

SMALL = 0.02


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    """Tests that flush the database leave the ContentType cache pointing at rows that the
    rollback removes; clear it so later tests look them up again."""
    yield
    ContentType.objects.clear_cache()


@dataclass
class _Shared:
    """The small demo town built once for a run of consecutive tests that use it, in an
    outer transaction that each test's own transaction nests in (as a savepoint, rolled
    back after it), and rolled back itself before the first test that does not use it."""

    summary: DemoSummary | None = None
    atomic: Any = None
    blocker: Any = None
    media_root: Any = None

    def close(self) -> None:
        if self.summary is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        ContentType.objects.clear_cache()
        self.summary = self.atomic = None


_shared = _Shared()


@pytest.fixture
def _shared_demo(django_db_setup, django_db_blocker, tmp_path_factory) -> DemoSummary | None:
    """Set up before `db` (see `demo`): the shared town, built if need be; None when the
    test's transaction is open already (then `demo` builds the town inside it)."""
    if _shared.summary is not None:
        return _shared.summary
    with django_db_blocker.unblock():
        if connection.in_atomic_block:
            return None
        media_root = tmp_path_factory.mktemp("demo-media")
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with (
                scopes_disabled(),
                override_settings(
                    MEDIA_ROOT=media_root,
                    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                ),
            ):
                summary = build_demo(progress=False, scale=SMALL)
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    _shared.summary, _shared.atomic = summary, atomic
    _shared.blocker, _shared.media_root = django_db_blocker, media_root
    return summary


@pytest.fixture
def demo(_shared_demo, db, settings) -> DemoSummary:
    if _shared_demo is None:
        with scopes_disabled():
            return build_demo(progress=False, scale=SMALL)
    settings.MEDIA_ROOT = _shared.media_root  # where the shared town's uploads are
    return copy.deepcopy(_shared_demo)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if nextitem is None or "demo" not in nextitem.fixturenames:
        _shared.close()
    return result


def fingerprint() -> str:
    """A digest of everything the seed decides (not ciphertexts, codes or timestamps)."""
    with scopes_disabled():
        parts = [
            sorted(Household.unscoped.values_list("region__code", "number", "address")),
            sorted(
                Person.unscoped.values_list(
                    "region__code", "household__number", "relation_to_head", "name", "gender",
                    "birth_date", "ethnicity", "id_number_hash", "phone_hash", "party_status",
                    "party_joined_on", "party_branch", "is_frail", "is_mobility_impaired",
                    "is_migrant", "migrant_destination", "lecturer_category", "cadre_post",
                )
            ),
            sorted(
                Membership.unscoped.values_list(
                    "team__name", "team__kind", "person__id_number_hash", "role", "started_on"
                )
            ),
            sorted(
                Activity.unscoped.values_list(
                    "activity_type__code", "title", "region__code", "organising_team__name",
                    "starts_at", "ends_at", "place", "mode", "audience_headcount", "notes",
                ),
                key=repr,
            ),
            sorted(
                Attendance.unscoped.values_list(
                    "activity__title", "activity__starts_at", "person__id_number_hash", "role",
                    "hours", "recorded_via",
                ),
                key=repr,
            ),
        ]  # fmt: skip
    return hashlib.sha256(repr(parts).encode()).hexdigest()
