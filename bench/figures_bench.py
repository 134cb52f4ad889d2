"""Figures benchmark (PostgreSQL): `reports.figures.figures` for a county, a town and a
village, the workbook and the work brief, against hand-written SQL in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanwei_bench \\
        .venv/bin/python bench/figures_bench.py [--scale 1.0] [--repeat 5] [--keep|--reuse]

Builds a throw-away database (Django's test database `test_<name>`, migrated), then fills
it server-side (INSERT … SELECT generate_series, no rows through Python) with the
generators of `coverage_bench.py` (regions, campaign, `area`: households, persons,
activities and attendance) plus opinions and needs:

- a county of 25 towns × 16 villages (× 8 groups), 700,000 residents in 233,334
  households of three plus 16,666 households with nobody registered at home (250,000);
- 40,000 activities of the county campaign: 80 微课堂 sessions per village with 90
  listeners drawn at random (a quarter with a head count of 30 as well), 10 of other
  pillars per village, 4,000 deliveries (送学), a lecturer and two volunteers at each —
  about 3,000,000 attendance rows;
- 50,000 opinions in every state (with due dates, answers and decisions), 100,000 needs
  in every state (resolutions for the resolved, ratings for the rated).

It prints the load's rows/s, then the medians over `--repeat` runs (after one warm-up) of
the figures module for the county (per town), one town (per village) and one village (per
group), the county's workbook and brief (figures included, as a download builds them),
and, for the county and the town, the hand-written SQL of the main per-child figures
(sessions, person-times, persons reached and registered, opinions collected and answered,
needs reported and resolved) computed in one statement, asserted equal to the module's.
The ratio is module ÷ SQL: the module computes every figure (about 25 queries), the SQL
only the main ones, so the ratio is an upper bound of the module's overhead.

Targets (issue 11): county ≤ 1 s and ≤ 3× SQL; town ≤ 150 ms; brief ≤ 3 s. The load
average is printed with the figures: the machine may be shared.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanwei.settings")

from coverage_bench import area, bench_main, campaign, region, scalar, sql, subregions  # noqa: E402

TARGETS_MS = {"county": 1000, "town": 150, "village": 150, "brief": 3000, "workbook": None}
MAX_RATIO = 3.0
COUNTY_PATH = "430822"
OPINION_STATES = (
    ("received", 0.15), ("assigned", 0.15), ("answered", 0.20), ("adopted", 0.15),
    ("partly_adopted", 0.10), ("not_adopted", 0.10), ("closed", 0.15),
)  # fmt: skip
NEED_STATES = (
    ("reported", 0.08), ("accepted", 0.05), ("rejected", 0.03), ("referred", 0.04),
    ("dispatched", 0.08), ("in_progress", 0.07), ("resolved", 0.10), ("rated", 0.15),
    ("closed", 0.40),
)  # fmt: skip


def main() -> None:
    bench_main("figures_bench", __doc__, run, repeat=5)


# ------------------------------------------------------------------------ generation


def sizes(scale: float) -> dict[str, int]:
    return {
        "towns": max(1, round(25 * scale)),
        "persons": round(700_000 * scale),
        "households": round(250_000 * scale),
        "deliveries": round(4_000 * scale),
        "opinions": max(len(OPINION_STATES) * 4, round(50_000 * scale)),
        "needs": max(len(NEED_STATES) * 4, round(100_000 * scale)),
    }


def _case(states: tuple[tuple[str, float], ...], column: str) -> str:
    """A CASE over `column` (uniform 0…1) picking each state with its share."""
    whens, acc = [], 0.0
    for state, share in states[:-1]:
        acc += share
        whens.append(f"WHEN {column} < {acc:.4f} THEN '{state}'")
    return f"CASE {' '.join(whens)} ELSE '{states[-1][0]}' END"


def build(scale: float, seed: float) -> dict:
    """Generate the county; returns its ids, the counts of what was made and the seconds."""
    from sanwei.coverage import summary
    from sanwei.regions.models import RegionLevel as L

    n = sizes(scale)
    scalar("SELECT setseed(%(seed)s)", {"seed": seed})  # random() repeats run to run
    started = time.perf_counter()
    province = region("430000000000", "湖南省", L.PROVINCE, None, "43")
    city = region("430800000000", "张家界市", L.CITY, province, "4308")
    county = region("430822000000", "桑植县", L.COUNTY, city, COUNTY_PATH)
    subregions(COUNTY_PATH, L.TOWN, n["towns"], 100, "第")
    subregions(COUNTY_PATH, L.VILLAGE, 16, 200, "村")
    subregions(COUNTY_PATH, L.GROUP, 8, 0, "组")
    county_campaign = campaign("桑植县党的二十大精神宣讲", county)
    p = {**n, "prefix": COUNTY_PATH + "%", "campaign": county_campaign}
    # Bulk load: the coverage summary's triggers off, the summary rebuilt once afterwards.
    sql("SET session_replication_role = replica")
    counts = area(
        "C", COUNTY_PATH, n["persons"], county_campaign,
        per_village=80, listeners=90, others=10, deliveries=n["deliveries"],
    )  # fmt: skip
    counts["activities"] += counts.pop("deliveries")
    sql(
        "CREATE TEMP TABLE bench_groups AS SELECT id, parent_id AS village_id,"
        " (row_number() OVER (ORDER BY path) - 1)::int AS idx FROM regions_region"
        " WHERE level = 6 AND path LIKE %(prefix)s",
        p,
    )
    p["groups"] = scalar("SELECT count(*) FROM bench_groups")
    # Households nobody is registered at (everyone away): 250,000 households in all.
    p["empty"] = max(0, n["households"] - counts["households"])
    counts["households"] += sql(
        """
        INSERT INTO people_household (region_id, number, address, created_at, updated_at)
        SELECT g.id, 'E' || h, '', now(), now()
        FROM generate_series(0, %(empty)s - 1) h
        JOIN bench_groups g ON g.idx = (h::bigint * %(groups)s / greatest(%(empty)s, 1))
        """,
        p,
    )
    # Opinions at the villages, raised within the campaign; answered ones answered within
    # 0…20 days of a 15-day limit; decided ones with their decision.
    counts["opinions"] = sql(
        f"""
        INSERT INTO seminar_opinion (code, text, raised_by_name, raised_on, photo, state,
            assignee_office, due_on, reply, answered_at, decision, decision_reason, decided_at,
            closed_at, created_at, updated_at, campaign_id, region_id)
        SELECT 'O' || lpad(s.i::text, 11, '0'), '建议修缮村道（' || s.i || '）', '村民',
               s.raised, '', s.state, '', s.raised + 15,
               CASE WHEN s.answered THEN '已答复' ELSE '' END,
               CASE WHEN s.answered
                    THEN (s.raised + (random() * 20)::int)::timestamp AT TIME ZONE 'Asia/Shanghai'
                         + interval '10 hours' END,
               CASE WHEN s.state IN ('adopted', 'partly_adopted', 'not_adopted') THEN s.state
                    WHEN s.state = 'closed' THEN 'adopted' ELSE '' END, '',
               CASE WHEN s.state IN ('adopted', 'partly_adopted', 'not_adopted', 'closed')
                    THEN s.raised::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '25 days'
               END,
               CASE WHEN s.state = 'closed'
                    THEN s.raised::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '30 days'
               END,
               now(), now(), %(campaign)s, v.id
        FROM (
            SELECT i, x.state, x.state NOT IN ('received', 'assigned') AS answered,
                   date '2022-10-10' + (i %% 230) AS raised
            FROM (SELECT i, random() AS u FROM generate_series(0, %(opinions)s - 1) i) u
            CROSS JOIN LATERAL (SELECT {_case(OPINION_STATES, "u.u")} AS state) x
        ) s
        JOIN (SELECT id, (row_number() OVER (ORDER BY path) - 1)::int AS idx,
                     count(*) OVER () AS n
              FROM regions_region WHERE level = 5 AND path LIKE %(prefix)s) v
          ON v.idx = s.i %% v.n
        """,
        p,
    )
    # Needs of households of the groups, registered within the campaign, every state.
    sql(
        f"""
        CREATE TEMP TABLE bench_needs AS
        SELECT i, g.id AS region_id, x.state,
               timestamptz '2022-10-05 09:00+08' + (random() * 260 || ' days')::interval
                 AS created_at,
               (SELECT array_agg(id ORDER BY id) FROM needs_needcategory) AS categories,
               random() * 10 AS took
        FROM (SELECT i, random() AS u FROM generate_series(0, %(needs)s - 1) i) u
        JOIN bench_groups g ON g.idx = u.i %% %(groups)s
        CROSS JOIN LATERAL (SELECT {_case(NEED_STATES, "u.u")} AS state) x
        """,
        p,
    )
    counts["needs"] = sql(
        """
        INSERT INTO needs_need (code, description, urgency, state, source, created_at,
            updated_at, region_id, category_id, due_at, photo, rated_at, rating,
            rating_comment, reason)
        SELECT 'N' || lpad(n.i::text, 11, '0'), '水管漏水需要维修（' || n.i || '）',
               'normal', n.state, 'staff', n.created_at, n.created_at,
               n.region_id, n.categories[1 + n.i %% array_length(n.categories, 1)],
               n.created_at + interval '7 days', '',
               CASE WHEN r.rated THEN n.created_at + interval '12 days' END,
               CASE WHEN r.rated THEN 1 + n.i %% 5 END, '',
               CASE WHEN n.state IN ('rejected', 'referred') THEN '不属于志愿服务范围' ELSE '' END
        FROM bench_needs n
        CROSS JOIN LATERAL (SELECT n.state = 'rated' OR (n.state = 'closed' AND n.i %% 3 > 0)
                            AS rated) r
        """
    )
    counts["resolutions"] = sql(
        """
        INSERT INTO needs_needresolution (need_id, summary, photo, resolved_at)
        SELECT d.id, '已上门处理完毕', '', n.created_at + (n.took || ' days')::interval
        FROM bench_needs n JOIN needs_need d ON d.code = 'N' || lpad(n.i::text, 11, '0')
        WHERE n.state IN ('resolved', 'rated', 'closed')
        """
    )
    sql("SET session_replication_role = DEFAULT")
    sql("DROP TABLE bench_groups, bench_needs")
    summary.rebuild()
    took = time.perf_counter() - started
    sql("VACUUM ANALYZE")  # statistics and visibility map, as a deployment's autovacuum keeps
    return {
        "counts": counts,
        "seconds": took,
        "county_id": county,
        "campaign_id": county_campaign,
    }


def existing() -> dict:
    """The ids and sizes of a database built before (`--keep`)."""
    counts = {
        table.split("_", 1)[1]: scalar(f"SELECT count(*) FROM {table}")
        for table in (
            "people_household", "people_person", "activities_activity",
            "activities_attendance", "seminar_opinion", "needs_need",
        )
    }  # fmt: skip
    county = scalar("SELECT id FROM regions_region WHERE code = '430822000000'")
    return {
        "counts": counts,
        "seconds": None,
        "county_id": county,
        "campaign_id": scalar("SELECT id FROM activities_campaign WHERE region_id = %(r)s",
                              {"r": county}),
    }  # fmt: skip


# ------------------------------------------------------------------- hand-written SQL

# Per child path: [sessions, person-times, reached, persons, opinions collected, answered,
# needs reported, resolved] — the campaign's records, opinions by the day raised, needs
# within the campaign's dates (local), as the figures module counts them.
HAND = """
WITH bounds AS (
    SELECT (c.starts_on::timestamp AT TIME ZONE 'Asia/Shanghai') AS low,
           ((c.ends_on + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') AS high
    FROM activities_campaign c WHERE c.id = %(campaign)s
),
acts AS (
    SELECT substr(r.path, 1, %(len)s) AS child, count(DISTINCT coalesce(a.main_session_id, a.id))
             AS sessions, sum(a.audience_headcount) AS headcount
    FROM activities_activity a JOIN regions_region r ON r.id = a.region_id
    WHERE a.campaign_id = %(campaign)s AND r.path LIKE %(prefix)s GROUP BY 1
),
named AS (
    SELECT substr(r.path, 1, %(len)s) AS child, count(*) AS n
    FROM activities_attendance at JOIN activities_activity a ON a.id = at.activity_id
    JOIN regions_region r ON r.id = a.region_id
    WHERE a.campaign_id = %(campaign)s AND r.path LIKE %(prefix)s AND at.role = 'audience'
    GROUP BY 1
),
reach AS (
    SELECT substr(r.path, 1, %(len)s) AS child, count(*) AS n
    FROM coverage_campaignreach x JOIN regions_region r ON r.id = x.region_id
    WHERE x.campaign_id = %(campaign)s AND r.path LIKE %(prefix)s GROUP BY 1
),
persons AS (
    SELECT substr(r.path, 1, %(len)s) AS child, count(*) AS n
    FROM people_person p JOIN regions_region r ON r.id = p.region_id
    WHERE r.path LIKE %(prefix)s GROUP BY 1
),
opinions AS (
    SELECT substr(r.path, 1, %(len)s) AS child, count(*) AS collected,
           count(*) FILTER (WHERE o.answered_at IS NOT NULL) AS answered
    FROM seminar_opinion o JOIN regions_region r ON r.id = o.region_id
    WHERE o.campaign_id = %(campaign)s AND r.path LIKE %(prefix)s GROUP BY 1
),
needs AS (
    SELECT substr(r.path, 1, %(len)s) AS child,
           count(*) FILTER (WHERE n.created_at >= b.low AND n.created_at < b.high) AS reported,
           count(*) FILTER (WHERE s.resolved_at >= b.low AND s.resolved_at < b.high)
             AS resolved
    FROM needs_need n JOIN regions_region r ON r.id = n.region_id
    LEFT JOIN needs_needresolution s ON s.need_id = n.id CROSS JOIN bounds b
    WHERE r.path LIKE %(prefix)s GROUP BY 1
)
SELECT persons.child, coalesce(acts.sessions, 0),
       coalesce(acts.headcount, 0) + coalesce(named.n, 0), coalesce(reach.n, 0), persons.n,
       coalesce(opinions.collected, 0), coalesce(opinions.answered, 0),
       coalesce(needs.reported, 0), coalesce(needs.resolved, 0)
FROM persons
LEFT JOIN acts USING (child) LEFT JOIN named USING (child) LEFT JOIN reach USING (child)
LEFT JOIN opinions USING (child) LEFT JOIN needs USING (child)
"""


def hand_figures(campaign_id: int, path: str, child_len: int) -> dict[str, list[int]]:
    from django.db import connection

    params = {"campaign": campaign_id, "prefix": path + "%", "len": child_len}
    with connection.cursor() as cursor:
        cursor.execute(HAND, params)
        return {child: [int(v) for v in values] for child, *values in cursor.fetchall()}


def module_rows(result) -> dict[str, list[int]]:
    """The module's children as {path: [the hand-written SQL's figures]}."""
    rows = {}
    for child in result.children:
        if child.region is None:
            continue
        rows[child.region.path] = [
            child.sessions, child.person_times, child.coverage.persons.reached,
            child.coverage.persons.total, child.seminar.opinions.collected,
            child.seminar.opinions.answered, child.service.needs.reported,
            child.service.needs.resolved,
        ]  # fmt: skip
    return rows


# ------------------------------------------------------------------------- timing


def median_ms(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    result = fn()  # warm-up (and the result to compare)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times), result


def run(args) -> None:
    from django.db import connection

    from sanwei.activities.models import Campaign
    from sanwei.core.scoping import scopes_disabled
    from sanwei.regions.models import Region
    from sanwei.regions.services import child_path_length
    from sanwei.reports import documents
    from sanwei.reports.figures import figures

    print(f"database: {connection.vendor} {connection.pg_version // 10000}")
    data = existing() if args.reuse else build(args.scale, args.seed)
    counts = data["counts"]
    print("generated: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    if data["seconds"]:
        rows = sum(counts.values())
        print(
            f"loaded {rows:,} rows in {data['seconds']:.1f}s: {rows / data['seconds']:,.0f} rows/s"
            " (summary rebuild included)"
        )
    repeat = args.repeat
    results = []
    with scopes_disabled():
        county = Region.unscoped.get(pk=data["county_id"])
        towns = list(Region.unscoped.filter(parent=county).order_by("path"))
        town = towns[min(2, len(towns) - 1)]
        village = Region.unscoped.filter(parent=town).order_by("path")[3]
        camp = Campaign.unscoped.get(pk=data["campaign_id"])
        for target, label, where in (
            ("county", "county figures (per town)", county),
            ("town", "town figures (per village)", town),
            ("village", "village figures (per group)", village),
        ):
            ms, result = median_ms(lambda w=where: figures(w, camp), repeat)
            hand_ms = None
            if target != "village":
                hand_ms, hand = median_ms(
                    lambda w=where: hand_figures(camp.pk, w.path, child_path_length(w)), repeat
                )
                assert hand == module_rows(result), (label, hand, module_rows(result))
            persons = result.coverage.persons
            results.append((label, target, ms, hand_ms, f"{persons.reached:,}/{persons.total:,}"))
        ms, book = median_ms(lambda: documents.workbook_bytes(figures(county, camp)), repeat)
        results.append(
            ("county workbook (figures incl.)", "workbook", ms, None, f"{len(book):,} B")
        )
        ms, brief = median_ms(lambda: documents.brief_bytes(figures(county, camp)), repeat)
        results.append(("county brief (figures incl.)", "brief", ms, None, f"{len(brief):,} B"))
    load = os.getloadavg()
    print(
        f"medians of {repeat} runs after a warm-up; load average {load[0]:.2f} {load[1]:.2f}"
        f" {load[2]:.2f} on {os.cpu_count()} CPUs"
    )
    header = f"{'':<34}{'module ms':>11}{'SQL ms':>9}{'ratio':>7}{'target':>8}  result"
    print(header)
    print("-" * len(header))
    failed = False
    for label, target, ms, hand_ms, what in results:
        limit = TARGETS_MS[target]
        ratio = ms / hand_ms if hand_ms else None
        ok = (limit is None or ms <= limit) and (
            ratio is None or target != "county" or ratio <= MAX_RATIO
        )
        failed |= not ok
        print(
            f"{label:<34}{ms:>11.1f}"
            f"{(f'{hand_ms:.1f}' if hand_ms else '-'):>9}"
            f"{(f'{ratio:.2f}' if ratio else '-'):>7}"
            f"{(limit or '-'):>8}  {'ok' if ok else 'MISSED'}  {what}"
        )
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
