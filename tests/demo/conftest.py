"""The demo town, built small (scale 0.02: ~120 households, ~400 residents, all 16 villages)."""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.contenttypes.models import ContentType
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


@pytest.fixture
def demo(db) -> DemoSummary:
    with scopes_disabled():
        return build_demo(progress=False, scale=SMALL)


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
