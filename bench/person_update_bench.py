"""Bulk person update benchmark (PostgreSQL): one UPDATE statement that moves every resident
of a town of 20,000 (each to the next 组 of their village, party status flipped), with the
coverage counts' triggers doing their work, against the same UPDATE of the same rows in an
unindexed, trigger-less copy of the person table, measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanwei_bench \\
        .venv/bin/python bench/person_update_bench.py [--scale 1.0] [--repeat 3]

`--scale` is the fraction of the town's 20,000 residents. The town and its reach come from
`coverage_bench.build` (a throw-away test database, filled server-side).

Why: the counts' PostgreSQL statement triggers once ran plans cached for the session from
their first call; planned for a one-row update, they joined a 20,000-row update's old and
new rows in a nested loop (253 s against 0.39 s; fixed in 677036b: their statements run
through EXECUTE, planned for each statement's transition tables). So the session first
updates one person at a time, as the web forms do (which is what filled the cache), and
only then times the bulk statement, both ways (there and back again, so the data ends as
it began). After every bulk update the counts must equal a full recomputation
(`coverage.summary.drift()`).

Target: the UPDATE with its triggers within `MAX_RATIO`× the bare UPDATE of the copy (the
nested loop was ~650× slower).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import coverage_bench  # noqa: E402
from coverage_bench import bench_main, existing, scalar, sql  # noqa: E402

TOWN_PATH = "430821104"
TOWN_PERSONS = 20_000
MAX_RATIO = 30.0
ONE_PERSON_UPDATES = 6  # more than plpgsql's five custom plans before a generic one
PLAIN = "bench_person_plain"

# Each 组 of the town and the next 组 of its village (the last one's next is the first).
MOVES = f"""
    CREATE TABLE bench_moves AS
    SELECT g.id AS from_id,
           coalesce(lead(g.id) OVER w, first_value(g.id) OVER w) AS to_id
    FROM regions_region g
    WHERE g.level = 6 AND g.path LIKE '{TOWN_PATH}%%'
    WINDOW w AS (PARTITION BY g.parent_id ORDER BY g.path
                 ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
"""
FLIP_PARTY = (
    "CASE p.party_status WHEN 'formal' THEN '' WHEN '' THEN 'formal' ELSE p.party_status END"
)


def move(table: str, back: bool = False, person_id: int | None = None) -> str:
    """The UPDATE moving the town's residents (or one of them) one 组 on (or `back`)."""
    here, there = ("to_id", "from_id") if back else ("from_id", "to_id")
    one = f" AND p.id = {int(person_id)}" if person_id is not None else ""
    return (
        f"UPDATE {table} p SET region_id = m.{there}, party_status = {FLIP_PARTY}"
        f" FROM bench_moves m WHERE p.region_id = m.{here}{one}"
    )


def build(scale: float, seed: float) -> dict:
    """The town of `scale` × 20,000 residents with its campaign's reach (and a county of
    70 residents that the UPDATE leaves alone)."""
    return coverage_bench.build(0.0001, seed, town_persons=round(TOWN_PERSONS * scale))


def timed(statement: str) -> tuple[float, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(statement)
        return (time.perf_counter() - started) * 1000, cursor.rowcount


def measure(repeat: int) -> dict:
    """Time the bulk UPDATE with the triggers and on the bare copy, `repeat` times each way
    (there and back); the data ends as it began. Returns the samples, the rows per update,
    and the counts' drift after each bulk update (all 0 when they followed)."""
    from sanwei.coverage import summary

    sql("DROP TABLE IF EXISTS bench_moves")
    sql(MOVES)
    sql(f"DROP TABLE IF EXISTS {PLAIN}")
    sql(f"CREATE TABLE {PLAIN} AS SELECT * FROM people_person")  # no index, no trigger
    sql(f"ANALYZE bench_moves, {PLAIN}")
    try:
        # One person at a time first, as the web forms do: this filled the plan cache.
        someone = scalar(
            "SELECT p.id FROM people_person p JOIN bench_moves m ON m.from_id = p.region_id"
            " ORDER BY p.id LIMIT 1"
        )
        for _ in range(ONE_PERSON_UPDATES):
            timed(move("people_person", person_id=someone))
            timed(move("people_person", back=True, person_id=someone))
        triggered, plain, drifts, rows = [], [], [], set()
        for _ in range(repeat):
            for back in (False, True):
                ms, n = timed(move("people_person", back))
                triggered.append(ms)
                rows.add(n)
                drifts.append(summary.drift())
                ms, n = timed(move(PLAIN, back))
                plain.append(ms)
                rows.add(n)
    finally:
        sql(f"DROP TABLE IF EXISTS bench_moves, {PLAIN}")
    return {"rows": rows, "triggered_ms": triggered, "plain_ms": plain, "drifts": drifts}


def main() -> None:
    bench_main("person_update_bench", __doc__, run, repeat=3)


def run(args) -> None:
    from django.db import connection

    print(f"database: {connection.vendor} {connection.pg_version // 10000}")
    if args.reuse:
        data = existing()
    else:
        data = build(args.scale, args.seed)
        print(f"generated in {data['seconds']:.1f}s")
    print("town: " + ", ".join(f"{v:,} {k}" for k, v in data["counts"]["town"].items()))
    result = measure(args.repeat)
    (rows,) = result["rows"] or {0}
    with_triggers = statistics.median(result["triggered_ms"])
    bare = statistics.median(result["plain_ms"])
    ratio = with_triggers / bare
    exact = all(set(d.values()) == {0} for d in result["drifts"])
    samples = len(result["triggered_ms"])
    print(
        f"one UPDATE of {rows:,} persons (region and party status), after"
        f" {ONE_PERSON_UPDATES * 2} one-person updates in the session;"
        f" medians of {samples} runs"
    )
    print(f"{'with the coverage count triggers':<40}{with_triggers:>10.1f} ms")
    print(f"{'baseline: bare copy, no index/trigger':<40}{bare:>10.1f} ms")
    ok = ratio <= MAX_RATIO and exact
    print(
        f"{'ratio':<40}{ratio:>10.2f}  target <= {MAX_RATIO:g}"
        f"  counts {'exact' if exact else 'DRIFTED'}  {'ok' if ok else 'MISSED'}"
    )
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
