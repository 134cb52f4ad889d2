"""Real concurrent check-ins (the issue's must-show): THREADS residents' phones — THREADS
threads, each with its own database connection and test client — post the same person's
name and mobile number to the public check-in page at the same moment, through the whole
stack (rate limit, form, window, matching, `record_attendance`).

`checkin.services.check_in` locks the activity row (`select_for_update`) before it
matches and checks "already recorded?", and `record_attendance` inserts under that lock;
the unique constraint `one_attendance_per_person_role` is the last line behind it.

The controls remove the lock: several requests are then past the check at the same
moment (the race is real) and only the constraint stops the duplicates; with the
constraint dropped as well, the same person is recorded several times. PostgreSQL only
(SQLite serialises writers, so no two requests are ever past the check together).
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from sanwei.activities.models import Activity, Attendance
from sanwei.checkin.models import UnverifiedCheckin
from sanwei.checkin.services import checkin_token

from ..factories import ActivityFactory, CampaignFactory, PersonFactory
from .conftest import THREADS, CheckProbe, run_together

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.postgresql_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NAME, PHONE = "张秀英", "13812345678"


@pytest.fixture(autouse=True)
def _fresh_rate_limit(settings):
    """The race is one person from one address several times at once: above the rate limit
    for one address and number (tests/checkin/test_rate_limit.py), which is not what is
    tested here."""
    settings.CHECKIN_RATE_LIMIT_PER_PHONE = "1000/m"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def activity(tree, lecture_type) -> Activity:
    campaign = CampaignFactory(region=tree["town"])
    return ActivityFactory(campaign=campaign, activity_type=lecture_type, region=tree["village_a"])


@pytest.fixture
def person(tree):
    return PersonFactory(region=tree["village_a"], name=NAME, phone=PHONE)


@pytest.fixture
def probe(monkeypatch) -> CheckProbe:
    """Every request that passes the "already recorded?" check goes on to `create`."""
    probe = CheckProbe()
    manager = Attendance.unscoped
    monkeypatch.setitem(vars(manager), "create", probe.wrap(manager.create))
    return probe


@pytest.fixture
def without_lock(monkeypatch) -> None:
    """Control: the services' `select_for_update()` of the activity becomes a plain read."""
    manager = Activity.unscoped
    monkeypatch.setitem(vars(manager), "select_for_update", lambda *a, **kw: manager.all())


@pytest.fixture
def without_constraint():
    """Control: the table without `one_attendance_per_person_role` (put back afterwards)."""
    constraint = next(
        c for c in Attendance._meta.constraints if c.name == "one_attendance_per_person_role"
    )
    with connection.schema_editor() as editor:
        editor.remove_constraint(Attendance, constraint)
    yield
    Attendance.unscoped.all().delete()
    with connection.schema_editor() as editor:
        editor.add_constraint(Attendance, constraint)


def _check_in_everywhere(activity) -> list[str]:
    url = f"/c/{checkin_token(activity)}"
    clients = [Client() for _ in range(THREADS)]
    outcomes = run_together(
        [lambda c=c: c.post(url, {"name": NAME, "phone": PHONE}) for c in clients]
    )
    assert [o.response.status_code for o in outcomes] == [200] * THREADS
    return [o.response.content.decode() for o in outcomes]


def _split(bodies: list[str]) -> tuple[int, int]:
    return (
        sum("签到成功" in b for b in bodies),
        sum("您已签到" in b for b in bodies),
    )


def test_the_same_person_checking_in_at_once_leaves_one_attendance(activity, person, probe):
    bodies = _check_in_everywhere(activity)

    assert _split(bodies) == (1, THREADS - 1)
    assert Attendance.unscoped.filter(activity=activity, person=person).count() == 1
    assert UnverifiedCheckin.unscoped.count() == 0
    # The lock made the match, the check and the insert one step: one request got past.
    assert probe.passed == 1
    assert probe.most_at_once == 1
    assert probe.integrity_errors == 0


def test_control_without_the_lock_the_requests_race_and_the_constraint_stops_them(
    activity, person, probe, without_lock
):
    bodies = _check_in_everywhere(activity)

    # The race is real: without the lock, requests are past the check at the same moment...
    assert probe.most_at_once >= 2
    assert probe.passed >= 2
    # ...and only the unique constraint stops them (each loser an IntegrityError, answered
    # as "already checked in", never a 500).
    assert probe.integrity_errors == probe.passed - 1
    assert _split(bodies) == (1, THREADS - 1)
    assert Attendance.unscoped.filter(activity=activity, person=person).count() == 1


def test_control_without_the_lock_and_the_constraint_the_person_is_recorded_several_times(
    activity, person, probe, without_lock, without_constraint
):
    _check_in_everywhere(activity)

    rows = Attendance.unscoped.filter(activity=activity, person=person).count()
    assert probe.most_at_once >= 2
    assert rows == probe.passed >= 2
