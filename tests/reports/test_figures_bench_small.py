"""The figures benchmark's data generation and hand-written SQL still work on the current
schema (they write rows with SQL, so a new column can break them unnoticed): the county is
built with the sizes asked for, opinions and needs in every state, the coverage summary
exact, and the hand-written SQL of the main per-child figures equals the figures module's
for the county and a town (the benchmark asserts that in every run). PostgreSQL only, at a
tiny scale (the benchmark itself is `bench/figures_bench.py`)."""

from __future__ import annotations

import pytest

from sanwei.activities.models import Campaign
from sanwei.coverage import summary
from sanwei.needs.models import Need, NeedState
from sanwei.regions.models import Region
from sanwei.regions.services import child_path_length
from sanwei.reports.figures import figures
from sanwei.seminar.models import Opinion, OpinionState

from ..bench_support import load_bench, seeded_rows_again

pytestmark = [pytest.mark.postgresql_only, pytest.mark.django_db(transaction=True)]


def test_the_benchmark_builds_the_county_and_its_sql_agrees_with_the_figures_module(unscoped):
    bench = load_bench("figures_bench")
    seeded_rows_again()

    data = bench.build(scale=0.002, seed=0.5)

    counts = data["counts"]
    # 700,000 × 0.002 persons in households of three, topped up to 250,000 × 0.002.
    assert (counts["persons"], counts["households"]) == (1400, 500)
    # One town of 16 villages: 80 + 10 sessions each, and 8 deliveries.
    assert counts["activities"] == 16 * 90 + 8
    assert (counts["opinions"], counts["needs"]) == (100, 200)
    assert {o.state for o in Opinion.unscoped.all()} == set(OpinionState.values)
    assert {n.state for n in Need.unscoped.all()} == set(NeedState.values)
    assert set(summary.drift().values()) == {0}

    county = Region.unscoped.get(pk=data["county_id"])
    campaign = Campaign.unscoped.get(pk=data["campaign_id"])
    town = Region.unscoped.get(parent=county)
    for where, children in ((county, 1), (town, 16)):
        result = figures(where, campaign)
        hand = bench.hand_figures(campaign.pk, where.path, child_path_length(where))
        assert len(hand) == children
        assert hand == bench.module_rows(result)
    # The figures are not all zero: sessions, person-times, reach, opinions and needs.
    (town_row,) = bench.hand_figures(campaign.pk, county.path, child_path_length(county)).values()
    assert all(value > 0 for value in town_row)
    assert town_row[0] == counts["activities"]
    assert town_row[3] == 1400 and town_row[4] == 100
