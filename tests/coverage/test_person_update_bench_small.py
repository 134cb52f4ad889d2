"""The bulk person update benchmark still works on the current schema (it writes and moves
rows with SQL, so a new column or constraint can break it unnoticed): it builds the town,
moves every resident one 组 on and back in one statement each, on the person table (with
the coverage counts' triggers) and on its bare copy, the counts follow every bulk update
exactly, and the data ends as it began. PostgreSQL only, at a tiny scale (the benchmark
itself is `bench/person_update_bench.py`)."""

from __future__ import annotations

import pytest

from sanwei.coverage import summary
from sanwei.people.models import Person

from ..bench_support import load_bench, seeded_rows_again

pytestmark = [pytest.mark.postgresql_only, pytest.mark.django_db(transaction=True)]


def test_the_benchmark_moves_the_town_and_back_with_the_counts_exact(unscoped):
    bench = load_bench("person_update_bench")
    seeded_rows_again(need_categories=False)
    data = bench.build(scale=0.03, seed=0.5)  # 600 residents in the town, 70 in the county
    assert data["counts"]["town"]["persons"] == 600
    before = sorted(Person.unscoped.values_list("id", "region_id", "party_status"))

    result = bench.measure(repeat=1)

    assert result["rows"] == {600}  # every resident of the town, in one statement each way
    assert len(result["triggered_ms"]) == len(result["plain_ms"]) == 2
    zero = {key: 0 for key in summary.drift()}
    assert result["drifts"] == [zero, zero]  # the counts followed both bulk updates
    assert sorted(Person.unscoped.values_list("id", "region_id", "party_status")) == before
