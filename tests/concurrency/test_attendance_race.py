"""Real concurrent requests recording attendance (in the manner of pretix's
src/tests/concurrency_tests): THREADS threads, each with its own database connection and
its own logged-in client, post to the attendance form at the same moment, through the
whole stack (session, region-scope middleware, form, service).

`record_attendance` locks the activity row (`select_for_update`) before its "already
recorded?" check, so the check and the insert are one step; the unique constraint
`one_attendance_per_person_role` is the last line behind it.

The control removes the lock and shows that several requests then get past the check at
the same moment — the race is real — and only the constraint stops the duplicates.
PostgreSQL only: on SQLite every transaction is BEGIN IMMEDIATE (the database's single
write lock), so even without `select_for_update` no two requests are ever past the check
together and the control cannot show the race there.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from sanwei.accounts.models import Role
from sanwei.activities import services
from sanwei.activities.models import Activity, Attendance

from ..factories import ActivityFactory, CampaignFactory, PersonFactory, user_with_role
from .conftest import THREADS, CheckProbe, logged_in_clients, run_together

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.postgresql_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DUPLICATE = "该群众已登记为本活动的受众"


@pytest.fixture
def activity(tree, lecture_type) -> Activity:
    campaign = CampaignFactory(region=tree["town"])
    return ActivityFactory(campaign=campaign, activity_type=lecture_type, region=tree["village_a"])


@pytest.fixture
def clients(tree):
    secretary = user_with_role(Role.VILLAGE_SECRETARY, tree["village_a"], username="secretary_a")
    return logged_in_clients(secretary)


@pytest.fixture
def probe(monkeypatch) -> CheckProbe:
    """Every request that passes the duplicate check goes on to `create`: count those."""
    probe = CheckProbe()
    manager = Attendance.unscoped  # the one manager instance the service uses
    monkeypatch.setitem(vars(manager), "create", probe.wrap(manager.create))
    return probe


@pytest.fixture
def without_lock(monkeypatch) -> None:
    """The control: the service's `select_for_update()` of the activity becomes a plain read."""
    manager = Activity.unscoped
    monkeypatch.setitem(vars(manager), "select_for_update", lambda *a, **kw: manager.all())


def _post_all(clients, activity, data_for):
    url = reverse("activities:attendance_add", args=[activity.pk])
    return run_together(
        [
            lambda c=c, i=i: c.post(url, data_for(i), headers={"HX-Request": "true"})
            for i, c in enumerate(clients)
        ]
    )


def _same_person_everywhere(clients, activity, person):
    outcomes = _post_all(
        clients, activity, lambda i: {"person": person.pk, "role": "audience", "hours": "0"}
    )
    assert [o.response.status_code for o in outcomes] == [200] * THREADS
    bodies = [o.response.content.decode() for o in outcomes]
    recorded = [b for b in bodies if f"已登记：{person.name}（受众）" in b]
    refused = [b for b in bodies if DUPLICATE in b]
    return recorded, refused


def test_same_person_posted_at_once_is_recorded_once(clients, activity, tree, probe):
    person = PersonFactory(region=tree["village_a"], name="张秀英")

    recorded, refused = _same_person_everywhere(clients, activity, person)

    assert (len(recorded), len(refused)) == (1, THREADS - 1)
    assert Attendance.unscoped.filter(activity=activity, person=person).count() == 1
    # The lock made the check and the insert one step: one request at a time got past it.
    assert probe.passed == 1
    assert probe.most_at_once == 1
    assert probe.integrity_errors == 0


def test_control_without_the_lock_several_requests_pass_the_check_together(
    clients, activity, tree, probe, without_lock
):
    person = PersonFactory(region=tree["village_a"], name="张秀英")

    recorded, refused = _same_person_everywhere(clients, activity, person)

    # The race is real: without the lock, requests are past the check at the same moment...
    assert probe.most_at_once >= 2
    assert probe.passed >= 2
    # ...and only the unique constraint stops them (each loser an IntegrityError, answered
    # with the same message, never a 500).
    assert probe.integrity_errors == probe.passed - 1
    assert (len(recorded), len(refused)) == (1, THREADS - 1)
    assert Attendance.unscoped.filter(activity=activity, person=person).count() == 1


def test_different_people_posted_at_once_are_all_recorded_and_counted(
    clients, activity, tree, probe
):
    people = [PersonFactory(region=tree["village_a"]) for _ in range(THREADS)]
    roles = ["audience", "volunteer"] * (THREADS // 2)

    outcomes = _post_all(
        clients,
        activity,
        lambda i: {"person": people[i].pk, "role": roles[i], "hours": "1.5"},
    )

    assert [o.response.status_code for o in outcomes] == [200] * THREADS
    assert all("已登记：" in o.response.content.decode() for o in outcomes)
    assert Attendance.unscoped.filter(activity=activity).count() == THREADS
    counts = services.counts_for(activity)
    assert counts.registered == THREADS
    assert counts.audience_registered == THREADS // 2
    assert counts.person_times == THREADS
    assert counts.volunteer_hours == Decimal("1.5") * (THREADS // 2)
    assert probe.passed == THREADS
