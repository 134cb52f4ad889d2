"""The 微服务 benchmark's data generation and hand-written SQL still work on the current
schema and loop (they write rows with SQL, so a new column or a changed transition table
can break them unnoticed): every generated need went through legal steps of the loop to its
state, every resolved one has its resolution and hours, and every timed case's product
answer equals the hand-written SQL's (the benchmark asserts that). PostgreSQL only, at a
tiny scale (the benchmark itself is `bench/service_bench.py`)."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

import pytest

from sanwei.activities.defaults import DEFAULT_ACTIVITY_TYPES
from sanwei.needs.models import Need, NeedCategory, NeedHours, NeedResolution, NeedState
from sanwei.needs.services import TRANSITIONS
from sanwei.teams.models import Membership
from sanwei.volunteers.models import VolunteerProfile

from ..factories import default_activity_type

pytestmark = [pytest.mark.postgresql_only, pytest.mark.django_db(transaction=True)]

BENCH = Path(__file__).resolve().parents[2] / "bench" / "service_bench.py"
RESOLVED = {NeedState.RESOLVED, NeedState.RATED, NeedState.CLOSED}


def load_bench():
    spec = importlib.util.spec_from_file_location("service_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seeded_rows_again() -> None:
    """Activity types and need categories come from migrations; an earlier transactional
    test's flush removed them."""
    for kind in DEFAULT_ACTIVITY_TYPES:
        default_activity_type(kind["code"])
    categories = importlib.import_module("sanwei.needs.migrations.0002_default_categories")
    for order, (code, name, description) in enumerate(categories.DEFAULT_CATEGORIES):
        NeedCategory.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "sort_order": order}
        )


def test_the_benchmark_builds_needs_the_loop_allows_and_every_case_agrees_with_sql(unscoped):
    bench = load_bench()
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
