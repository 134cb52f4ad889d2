"""The 微服务 benchmark's data generation and hand-written SQL still work on the current
schema and loop (they write rows with SQL, so a new column or a changed transition table
can break them unnoticed): every generated need went through legal steps of the loop to its
state, every resolved one has its resolution and hours, and every timed case's product
answer equals the hand-written SQL's (the benchmark asserts that). PostgreSQL only, at a
tiny scale (the benchmark itself is `bench/service_bench.py`)."""

from __future__ import annotations

import pytest

from sanwei.needs.models import Need, NeedHours, NeedResolution, NeedState
from sanwei.needs.services import TRANSITIONS
from sanwei.teams.models import Membership
from sanwei.volunteers.models import VolunteerProfile

from ..bench_support import load_bench, seeded_rows_again

pytestmark = [pytest.mark.postgresql_only, pytest.mark.django_db(transaction=True)]

RESOLVED = {NeedState.RESOLVED, NeedState.RATED, NeedState.CLOSED}


def test_the_benchmark_builds_needs_the_loop_allows_and_every_case_agrees_with_sql(unscoped):
    bench = load_bench("service_bench")
    seeded_rows_again()

    data = bench.build(scale=0.001, seed=0.5)

    counts = data["counts"]
    assert (counts["needs"], counts["volunteers"], counts["households"]) == (100, 24, 60)
    assert (counts["attendance"], counts["confirmed attendance"]) == (210, 200)
    needs = list(Need.unscoped.prefetch_related("events"))
    assert {n.state for n in needs} == set(NeedState.values)
    for need in needs:
        events = sorted(need.events.all(), key=lambda e: (e.at, e.pk))
        assert events[0].action == "register"
        state = NeedState.REPORTED
        for event in events[1:]:
            step = TRANSITIONS[event.action]
            assert (event.from_state, event.to_state) == (state, step.target), need.pk
            assert state in step.sources
            state = event.to_state
        assert state == need.state, need.pk
        assert (need.rating is not None) == any(e.action == "rate" for e in events)
    resolved = [n for n in needs if n.state in RESOLVED]
    assert NeedResolution.unscoped.count() == len(resolved) == counts["resolutions"]
    for hours in NeedHours.unscoped.select_related("resolution__need"):
        need = hours.resolution.need
        if need.volunteer_id is not None:
            assert hours.person_id == need.volunteer_id
        else:
            assert Membership.unscoped.filter(team=need.team, person=hours.person).exists()
    assert VolunteerProfile.unscoped.filter(left_on__isnull=False).exists()

    results = bench.timed(1, data["county_id"])

    assert [label for label, *_ in results] == [
        "queue: reported, county",
        "queue: accepted, town",
        "queue: closed, village",
        "one volunteer's hours and stars",
        "county hours ranking (top 200)",
    ]
