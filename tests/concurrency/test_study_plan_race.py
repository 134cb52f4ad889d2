"""“安排下一次座谈” clicked from several requests at once (a double tap, two staff) plans
one session: `plan_next_session` locks the series (`select_for_update`) before its "a
session still to come?" check, so the check and the new activity are one step. The control
removes the lock and shows several requests past the check at the same moment, each
creating a session. PostgreSQL only (see test_attendance_race.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from sanwei.accounts.models import Role
from sanwei.study.models import StudySeries, StudySession

from ..factories import CampaignFactory, StudySeriesFactory, default_activity_type, user_with_role
from .conftest import THREADS, CheckProbe, logged_in_clients, run_together

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.postgresql_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def series(tree) -> StudySeries:
    default_activity_type("youth_study")  # transactional tests may start from empty tables
    campaign = CampaignFactory(
        region=tree["town"], starts_on=dt.date(2022, 10, 25), ends_on=dt.date(2099, 12, 31)
    )
    return StudySeriesFactory(region=tree["town"], campaign=campaign)


@pytest.fixture
def admin(tree):
    return user_with_role(Role.TOWN_ADMIN, tree["town"], username="town_admin")


@pytest.fixture
def probe(monkeypatch) -> CheckProbe:
    """Every request past the "still to come?" check goes on to create a session."""
    probe = CheckProbe()
    manager = StudySession.unscoped
    monkeypatch.setitem(vars(manager), "create", probe.wrap(manager.create))
    return probe


@pytest.fixture
def without_lock(monkeypatch) -> None:
    manager = StudySeries.unscoped
    monkeypatch.setitem(vars(manager), "select_for_update", lambda *a, **kw: manager.all())


def _plan_from_everywhere(series, admin):
    url = reverse("study:session_plan", args=[series.pk])
    clients = logged_in_clients(admin, THREADS)
    return run_together([lambda c=c: c.post(url) for c in clients])


def test_concurrent_clicks_plan_one_session(series, admin, probe):
    outcomes = _plan_from_everywhere(series, admin)

    assert sorted(o.response.status_code for o in outcomes) == [302] * THREADS
    assert probe.passed == 1
    with scopes_disabled():
        assert StudySession.unscoped.filter(series=series).count() == 1


def test_control_without_the_lock_plans_several(series, admin, probe, without_lock):
    _plan_from_everywhere(series, admin)

    assert probe.most_at_once > 1
    with scopes_disabled():
        assert StudySession.unscoped.filter(series=series).count() > 1
