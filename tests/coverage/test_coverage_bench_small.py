"""The coverage benchmark's data generation and hand-written SQL still work on the current
schema (they write rows with SQL, so a new column can break them unnoticed), and every
hand-written variant, over the raw tables and over the summary tables, computes the same
figures as the engine: a cross-check of the summary on generated data. PostgreSQL only,
at a tiny scale (the benchmark itself is `bench/coverage_bench.py`)."""

from __future__ import annotations

import pytest
from django.db import connection

from sanwei.activities.models import Campaign
from sanwei.coverage import engine, gaps, summary
from sanwei.regions.models import PATH_LENGTH, Region

from ..bench_support import load_bench, seeded_rows_again

pytestmark = [pytest.mark.postgresql_only, pytest.mark.django_db(transaction=True)]


def test_the_benchmark_builds_and_every_hand_written_variant_agrees_with_the_engine(unscoped):
    bench = load_bench("coverage_bench")
    seeded_rows_again(need_categories=False)
    data = bench.build(scale=0.0004, seed=0.5, town_persons=600)
    assert data["counts"]["town"]["persons"] == 600
    assert data["counts"]["county"]["persons"] == 280  # 700,000 × 0.0004
    assert summary.drift() == {
        "reach_missing": 0,
        "reach_extra": 0,
        "audience_missing": 0,
        "audience_extra": 0,
        "type_audience_missing": 0,
        "type_audience_extra": 0,
        "type_counts_missing": 0,
        "type_counts_extra": 0,
        "region_counts_missing": 0,
        "region_counts_extra": 0,
        "household_counts_missing": 0,
        "household_counts_extra": 0,
    }
    county = Region.unscoped.get(pk=data["county_id"])
    town = Region.unscoped.get(pk=data["town_id"])
    checked = 0
    for campaign_id, where in ((data["town_campaign"], town), (data["county_campaign"], county)):
        campaign = Campaign.unscoped.get(pk=campaign_id)
        result = engine.coverage(campaign, where)
        assert result.persons.reached > 0
        for variant in bench.HAND_VARIANTS:
            hand = bench.hand_coverage(
                campaign.pk, where.path, PATH_LENGTH[where.level + 1], variant
            )
            assert hand == bench.engine_rows(result), variant
            checked += 1
        people = gaps.gap_persons(campaign, where)
        page = (people.count(), [p.pk for p in people[:50]])
        for variant in bench.GAP_VARIANTS:
            assert (
                bench.hand_gap_page(campaign.pk, where.path, gaps.elderly_cutoff(), variant) == page
            )
            checked += 1
    assert checked == 12
    assert connection.vendor == "postgresql"
