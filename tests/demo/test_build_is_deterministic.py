"""The same seed on an empty database builds the same town; another seed another town."""

from django.db import transaction
from django_scopes import scopes_disabled

from sanwei.demo.builder import build_demo
from sanwei.people.models import Person

from .conftest import SMALL, fingerprint


def _build_and_undo(**kwargs):
    """Build in a savepoint, read the town, and roll it back: the database is empty again."""
    with transaction.atomic(), scopes_disabled():
        summary = build_demo(progress=False, scale=SMALL, **kwargs)
        digest = fingerprint()
        names = sorted(Person.unscoped.values_list("name", flat=True))
        transaction.set_rollback(True)
    with scopes_disabled():
        assert not Person.unscoped.exists()
    return summary, digest, names


def test_same_seed_builds_the_same_town(db):
    first, first_digest, first_names = _build_and_undo()

    with scopes_disabled():
        again = build_demo(progress=False, scale=SMALL)
        names = sorted(Person.unscoped.values_list("name", flat=True))

    assert fingerprint() == first_digest
    assert names == first_names
    assert (again.persons, again.households, again.activities, again.attendances) == (
        first.persons,
        first.households,
        first.activities,
        first.attendances,
    )
    assert again.activities_by_type == first.activities_by_type


def test_another_seed_builds_another_town(db):
    _summary, first_digest, first_names = _build_and_undo()

    with scopes_disabled():
        build_demo(seed=7, progress=False, scale=SMALL)
        names = sorted(Person.unscoped.values_list("name", flat=True))

    assert fingerprint() != first_digest
    assert names != first_names
