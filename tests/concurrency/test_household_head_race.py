"""Real concurrent requests making a head of the same household: THREADS threads, each
with its own database connection and logged-in client, post the person form at once,
each a different new person as 户主 of the same household.

`save_person` (through `check_household`) locks the household row before its "has the
household a head already?" check; the partial unique constraint `one_head_per_household`
is the last line behind it. The control removes the lock and shows several requests past
the check at the same moment, stopped only by the constraint. PostgreSQL only, for the
reason given in test_attendance_race.py (SQLite's single write lock serialises them).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanwei.accounts.models import Role
from sanwei.people.models import Household, Person

from ..factories import HouseholdFactory, user_with_role
from .conftest import THREADS, CheckProbe, logged_in_clients, run_together

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.postgresql_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def household(tree) -> Household:
    return HouseholdFactory(region=tree["village_a"])


@pytest.fixture
def clients(tree):
    secretary = user_with_role(Role.VILLAGE_SECRETARY, tree["village_a"], username="secretary_a")
    return logged_in_clients(secretary)


@pytest.fixture
def probe(monkeypatch) -> CheckProbe:
    """A new person passing the household check goes on to `Person.save`: count those."""
    probe = CheckProbe()
    monkeypatch.setattr(Person, "save", probe.wrap(Person.save))
    return probe


@pytest.fixture
def without_lock(monkeypatch) -> None:
    """The control: the service's `select_for_update()` of the household becomes a plain read."""
    manager = Household.unscoped
    monkeypatch.setitem(vars(manager), "select_for_update", lambda *a, **kw: manager.all())


def _heads_posted_at_once(clients, tree, household):
    url = reverse("people:person_create")

    def data(i: int) -> dict:
        return {
            "name": f"户主{i}",
            "ethnicity": "汉族",
            "region": tree["village_a"].pk,
            "household": household.pk,
            "relation_to_head": "head",
        }

    outcomes = run_together([lambda c=c, i=i: c.post(url, data(i)) for i, c in enumerate(clients)])
    created = [o.response for o in outcomes if o.response.status_code == 302]
    refused = [
        o.response
        for o in outcomes
        if o.response.status_code == 200 and "该户已有户主" in o.response.content.decode()
    ]
    return created, refused


def test_heads_posted_at_once_leave_one_head(clients, tree, household, probe):
    created, refused = _heads_posted_at_once(clients, tree, household)

    assert (len(created), len(refused)) == (1, THREADS - 1)
    heads = Person.unscoped.filter(household=household, relation_to_head="head")
    assert heads.count() == 1
    assert Person.unscoped.count() == 1  # nothing half-saved by the refused requests
    # The refusals come from the locked check, naming the head that won.
    assert all(f"该户已有户主：{heads.get().name}" in r.content.decode() for r in refused)
    assert (probe.passed, probe.most_at_once, probe.integrity_errors) == (1, 1, 0)


def test_control_without_the_lock_several_heads_pass_the_check_together(
    clients, tree, household, probe, without_lock
):
    created, refused = _heads_posted_at_once(clients, tree, household)

    # The race is real: without the lock, requests are past the check at the same moment...
    assert probe.most_at_once >= 2
    assert probe.passed >= 2
    # ...and only the partial unique constraint stops them, answered as a form error.
    assert probe.integrity_errors == probe.passed - 1
    assert (len(created), len(refused)) == (1, THREADS - 1)
    assert Person.unscoped.filter(household=household, relation_to_head="head").count() == 1
    assert Person.unscoped.count() == 1
