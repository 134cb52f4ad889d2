"""Two volunteers asking for the last place of a service activity at the same moment,
each through the API with their own login: exactly one gets it, the other is put on the
waiting list (first), because `sign_up` locks the activity row before counting the places
taken. The control removes the lock: both requests count one free place together and both
are signed up, one more than the limit. PostgreSQL only (see test_attendance_race.py)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from sanwei.accounts.permissions import SYSTEM
from sanwei.accounts.tokens import create_token
from sanwei.activities.models import Activity
from sanwei.volunteering.models import SignUp
from sanwei.volunteering.services import sign_up

from ..volunteering.conftest import service_activity, volunteer, volunteer_login
from .conftest import CheckProbe, run_together

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.postgresql_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def setup(tree):
    """A limit of 2 with one place taken; two volunteers, each with their own login."""
    from sanwei.teams.models import TeamKind

    from ..factories import TeamFactory

    with scopes_disabled():
        squad = TeamFactory(
            region=tree["village_a"], name="东岳观村志愿服务小队", kind=TeamKind.SQUAD
        )
        activity = service_activity(tree["village_a"], squad, limit=2)
        sign_up(activity, volunteer(tree["village_a"], squad, "先到者"), user=SYSTEM)
        pair = [volunteer(tree["village_a"], squad, name) for name in ("张三", "李四")]
        logins = [volunteer_login(p, f"v{n}") for n, p in enumerate(pair)]
    return activity, logins


@pytest.fixture
def probe(monkeypatch) -> CheckProbe:
    """Every request past the places count goes on to create its sign-up: count those."""
    probe = CheckProbe()
    manager = SignUp.unscoped
    monkeypatch.setitem(vars(manager), "create", probe.wrap(manager.create))
    return probe


@pytest.fixture
def without_lock(monkeypatch) -> None:
    """The control: the service's `select_for_update()` of the activity becomes a plain read."""
    manager = Activity.unscoped
    monkeypatch.setitem(vars(manager), "select_for_update", lambda *a, **kw: manager.all())


def _sign_up_together(setup):
    activity, logins = setup
    calls = []
    for user in logins:
        token = create_token(user, "race")
        client = Client()
        calls.append(
            lambda c=client, t=token: c.post(
                f"/api/v1/volunteering/activities/{activity.pk}/signups",
                data=json.dumps({}),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {t}",
            )
        )
    outcomes = run_together(calls)
    assert [o.response.status_code for o in outcomes] == [201, 201]
    return sorted((o.response.json()["status"], o.response.json()["position"]) for o in outcomes)


def test_two_volunteers_for_the_last_place_one_gets_it_the_other_waits(setup, probe):
    answers = _sign_up_together(setup)

    assert answers == [("signed_up", None), ("waiting", 1)]
    assert probe.most_at_once == 1  # the lock let one request at a time count the places
    with scopes_disabled():
        rows = SignUp.unscoped.filter(activity=setup[0])
        assert rows.filter(status="signed_up").count() == 2  # the limit
        assert rows.filter(status="waiting").count() == 1


def test_control_without_the_lock_both_take_the_last_place(setup, probe, without_lock):
    answers = _sign_up_together(setup)

    # The race is real: both requests counted one free place at the same moment...
    assert probe.most_at_once == 2
    # ...and both were signed up: three places taken of a limit of two.
    assert answers == [("signed_up", None), ("signed_up", None)]
    with scopes_disabled():
        assert SignUp.unscoped.filter(activity=setup[0], status="signed_up").count() == 3
