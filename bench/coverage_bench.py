"""Coverage benchmark (PostgreSQL): the coverage engine and the gap list against
hand-written SQL on a generated town and county.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanwei_bench \\
        .venv/bin/python bench/coverage_bench.py [--scale 1.0] [--repeat 7]

Builds a throw-away database (Django's test database `test_<name>`, migrated), then
fills it server-side (INSERT … SELECT generate_series, no rows through Python):

- a town of 20,000 residents (16 villages × 8 villagers' groups, households of three)
  with its own campaign: 60 微课堂 activities per village with 60 named listeners each
  (drawn from the first 40…94 % of each village's residents, so some villages are
  ahead and others behind) plus
  3,000 deliveries (送学);
- a county of 700,000 residents in 25 towns × 16 villages (× 8 groups) with a county
  campaign: 60 微课堂 activities per village with 100 listeners each, 8 activities of other
  pillars per village (not reaching), lecturers and volunteers, and 100,000 deliveries —
  about 3,000,000 attendance rows.

Then it times, with medians over `--repeat` runs after one warm-up:
`engine.coverage` for the town (per village), the county (per town) and one village (per
group), and the first page of the gap list (the page's count and its first 50 rows,
hardest first) for a village and a town; and, in the same run, the fastest of the
hand-written SQL variants computing the same numbers (which must agree with the engine's).

Targets (issue 8): town ≤ 150 ms, county ≤ 1.5 s, gap list first page ≤ 200 ms, each
within 3× of the hand-written SQL.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanwei.settings")

TARGETS_MS = {"town": 150, "county": 1500, "gap": 200}
MAX_RATIO = 3.0
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国红梅志文玉海燕春"


def bench_main(name: str, doc: str, run: Callable[[argparse.Namespace], None], repeat: int) -> None:
    """The benchmarks' common command line: build a throw-away PostgreSQL test database
    (or `--reuse` one kept by `--keep`), then `run(args)`."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the county")
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--seed", type=float, default=0.20221120)
    parser.add_argument("--keep", action="store_true", help="keep the test database")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time an existing database kept by --keep (DATABASE_URL names it): no generation",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit(f"{name} needs PostgreSQL: set DATABASE_URL=postgres://…")
    if args.reuse:
        run(args)
        return
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def main() -> None:
    bench_main("coverage_bench", __doc__, run, repeat=7)


# ------------------------------------------------------------------------ generation


def sql(statement: str, params: dict | None = None) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params or {})
        return cursor.rowcount


def scalar(statement: str, params: dict | None = None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params or {})
        return cursor.fetchone()[0]


def region(code: str, name: str, level: int, parent_id: int | None, path: str) -> int:
    return scalar(
        "INSERT INTO regions_region (code, name, level, parent_id, path, is_demo)"
        " VALUES (%(code)s, %(name)s, %(level)s, %(parent)s, %(path)s, false) RETURNING id",
        {"code": code, "name": name, "level": level, "parent": parent_id, "path": path},
    )


def campaign(name: str, region_id: int) -> int:
    return scalar(
        "INSERT INTO activities_campaign (name, theme, region_id, starts_on, ends_on,"
        " target_person_coverage, target_household_coverage, description, created_at)"
        " VALUES (%(name)s, '', %(region)s, '2022-10-01', '2023-06-30', 90, 95, '', now())"
        " RETURNING id",
        {"name": name, "region": region_id},
    )


def subregions(parent_path: str, level: int, per_parent: int, start: int, name: str) -> int:
    """`per_parent` children (level `level`) under every region of `parent_path`'s subtree
    one level up; codes `<parent path><start + i:03d>`."""
    return sql(
        """
        INSERT INTO regions_region (code, name, level, parent_id, path, is_demo)
        SELECT p.path || lpad((%(start)s + i)::text, 3, '0')
                 || CASE WHEN %(level)s < 5 THEN '000' ELSE '' END,
               p.name || %(name)s || i, %(level)s, p.id,
               p.path || lpad((%(start)s + i)::text, 3, '0'), false
        FROM regions_region p, generate_series(1, %(n)s) i
        WHERE p.level = %(level)s - 1 AND p.path LIKE %(prefix)s
        """,
        {
            "level": level,
            "n": per_parent,
            "start": start,
            "name": name,
            "prefix": parent_path + "%",
        },
    )


def area(tag: str, root_path: str, persons: int, campaign_id: int, *, per_village: int,
         listeners: int, others: int, deliveries: int) -> dict[str, int]:  # fmt: skip
    """Households, persons, activities and attendance under `root_path` (its villages and
    groups exist). `tag` (one letter) keeps household numbers and activity codes apart."""
    counts: dict[str, int] = {}
    p = {"tag": tag, "prefix": root_path + "%", "n": persons, "campaign": campaign_id}
    sql(
        "CREATE TEMP TABLE bench_groups AS SELECT id, parent_id AS village_id,"
        " (row_number() OVER (ORDER BY path) - 1)::int AS idx FROM regions_region"
        " WHERE level = 6 AND path LIKE %(prefix)s",
        p,
    )
    p["groups"] = scalar("SELECT count(*) FROM bench_groups")
    p["households"] = (persons + 2) // 3
    counts["households"] = sql(
        """
        INSERT INTO people_household (region_id, number, address, created_at, updated_at)
        SELECT g.id, %(tag)s || h, '', now(), now()
        FROM generate_series(0, %(households)s - 1) h
        JOIN bench_groups g ON g.idx = (h::bigint * %(groups)s / %(households)s)
        """,
        p,
    )
    sql(
        f"CREATE TEMP TABLE bench_hh_{tag} AS SELECT id, region_id,"
        " substr(number, 2)::int AS idx FROM people_household WHERE number LIKE %(tag)s || '%%'",
        p,
    )
    counts["persons"] = sql(
        f"""
        INSERT INTO people_person (
            region_id, household_id, relation_to_head, name, gender, birth_date, ethnicity,
            id_number_encrypted, phone_encrypted, party_status, party_branch, is_frail,
            is_mobility_impaired, is_migrant, migrant_destination, lecturer_category,
            cadre_post, skills, notes, search_text, landline_encrypted, created_at, updated_at)
        SELECT h.region_id, h.id, CASE WHEN s.i %% 3 = 0 THEN 'head' ELSE 'spouse' END,
               substr('{SURNAMES}', 1 + (s.i * 7 %% {len(SURNAMES)}), 1)
                 || substr('{GIVEN}', 1 + (s.i * 13 %% {len(GIVEN)}), 1)
                 || substr('{GIVEN}', 1 + (s.i * 29 %% {len(GIVEN)}), 1),
               CASE WHEN s.i %% 2 = 0 THEN 'M' ELSE 'F' END,
               date '1930-01-01' + (random() * 33000)::int, '汉族', '',
               '',
               CASE WHEN random() < 0.08 THEN 'formal' ELSE '' END, '',
               random() < 0.04, random() < 0.03, s.migrant,
               CASE WHEN s.migrant THEN '广东深圳' ELSE '' END, '', '', '', '', '', '', now(), now()
        FROM (SELECT i, random() < 0.10 AS migrant FROM generate_series(0, %(n)s - 1) i) s
        JOIN bench_hh_{tag} h ON h.idx = s.i / 3
        """,
        p,
    )
    sql(
        f"""
        CREATE TEMP TABLE bench_people AS
        SELECT p.id, g.village_id,
               (row_number() OVER (PARTITION BY g.village_id ORDER BY p.id) - 1)::int AS idx
        FROM people_person p JOIN bench_groups g ON g.id = p.region_id
        JOIN bench_hh_{tag} h ON h.id = p.household_id
        """
    )
    sql("CREATE INDEX ON bench_people (village_id, idx)")
    sql(
        """
        CREATE TEMP TABLE bench_villages AS
        SELECT village_id AS id, count(*)::int AS n,
               0.40 + (dense_rank() OVER (ORDER BY village_id) %% 7) * 0.09 AS reach
        FROM bench_people GROUP BY village_id
        """
    )
    # 微课堂 activities (some with a head count), then activities of other pillars.
    classroom = "SELECT id FROM activities_activitytype WHERE pillar = 'classroom'"
    sql(
        f"""
        CREATE TEMP TABLE bench_types AS
        SELECT array_agg(id ORDER BY id) FILTER (WHERE NOT is_delivery AND id IN ({classroom}))
                 AS teach,
               array_agg(id ORDER BY id) FILTER (WHERE id NOT IN ({classroom})) AS other,
               min(id) FILTER (WHERE is_delivery) AS delivery
        FROM activities_activitytype
        """
    )
    activity = """
        INSERT INTO activities_activity (code, campaign_id, activity_type_id, title, region_id,
            starts_at, ends_at, place, mode, audience_headcount, notes, checkin_opens_before,
            checkin_closes_after, created_at, updated_at)
    """
    counts["activities"] = sql(
        activity
        + """
        SELECT %(tag)s || 'A' || lpad((v.n_row * 1000 + j)::text, 10, '0'), %(campaign)s,
               CASE WHEN j < %(per_village)s
                    THEN t.teach[1 + j %% array_length(t.teach, 1)]
                    ELSE t.other[1 + j %% array_length(t.other, 1)] END,
               '宣讲' || j, v.id,
               timestamptz '2022-10-08 09:00+08' + (j * 2 || ' days')::interval,
               timestamptz '2022-10-08 11:00+08' + (j * 2 || ' days')::interval,
               '', 'offline', CASE WHEN j %% 4 = 0 THEN 30 ELSE 0 END, '', 60, 120, now(), now()
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS n_row FROM bench_villages) v
        CROSS JOIN generate_series(0, %(per_village)s + %(others)s - 1) j, bench_types t
        """,
        {**p, "per_village": per_village, "others": others},
    )
    attendance = """
        INSERT INTO activities_attendance (activity_id, person_id, role, recorded_via, hours,
            recorded_at)
    """
    counts["attendance"] = sql(
        attendance
        + """
        SELECT x.activity_id, bp.id, 'audience', 'manual', 0, now()
        FROM (
            SELECT a.id AS activity_id, a.region_id AS village_id,
                   floor(v.n * v.reach * random())::int AS idx
            FROM activities_activity a
            JOIN bench_villages v ON v.id = a.region_id
            CROSS JOIN generate_series(1, %(listeners)s)
            WHERE a.code LIKE %(tag)s || 'A%%'
        ) x
        JOIN bench_people bp ON bp.village_id = x.village_id AND bp.idx = x.idx
        ON CONFLICT DO NOTHING
        """,
        {**p, "listeners": listeners},
    )
    # A lecturer and two volunteers at each activity: not reached by that.
    counts["attendance"] += sql(
        attendance
        + """
        SELECT a.id, bp.id, r.role, 'manual', 2, now()
        FROM activities_activity a
        JOIN bench_villages v ON v.id = a.region_id
        CROSS JOIN (VALUES ('lecturer', 0), ('volunteer', 1), ('volunteer', 2)) r(role, k)
        JOIN bench_people bp ON bp.village_id = a.region_id
             AND bp.idx = (a.id * 7 + r.k * 101) %% v.n
        WHERE a.code LIKE %(tag)s || 'A%%'
        ON CONFLICT DO NOTHING
        """,
        p,
    )
    # Deliveries: one activity of the delivery type and one audience attendance each,
    # to hard-to-reach residents first (the elderly, frail, mobility-impaired, migrant).
    sql(
        """
        CREATE TEMP TABLE bench_deliveries AS
        SELECT row_number() OVER () AS d, p.id AS person_id, p.region_id
        FROM (
            SELECT p.id, p.region_id FROM people_person p JOIN bench_people bp ON bp.id = p.id
            WHERE p.birth_date < date '1955-01-01' OR p.is_frail OR p.is_mobility_impaired
               OR p.is_migrant
            ORDER BY random() LIMIT %(deliveries)s
        ) p
        """,
        {"deliveries": deliveries},
    )
    counts["deliveries"] = sql(
        activity
        + """
        SELECT %(tag)s || 'D' || lpad(d::text, 10, '0'), %(campaign)s, t.delivery, '送学上门',
               d.region_id, timestamptz '2022-11-01 15:00+08' + (d %% 60 || ' days')::interval,
               timestamptz '2022-11-01 16:00+08' + (d %% 60 || ' days')::interval,
               '', 'offline', 0, '', 60, 120, now(), now()
        FROM bench_deliveries d, bench_types t
        """,
        p,
    )
    counts["attendance"] += sql(
        attendance
        + """
        SELECT a.id, d.person_id, 'audience', 'manual', 1, now()
        FROM bench_deliveries d
        JOIN activities_activity a ON a.code = %(tag)s || 'D' || lpad(d.d::text, 10, '0')
        """,
        p,
    )
    sql(
        "DROP TABLE bench_groups, bench_villages, bench_people, bench_types, bench_deliveries,"
        f" bench_hh_{tag}"
    )
    return counts


def build(scale: float, seed: float, town_persons: int = 20_000) -> dict:
    from sanwei.regions.models import RegionLevel as L

    scalar("SELECT setseed(%(seed)s)", {"seed": seed})  # random() repeats run to run

    province = region("430000000000", "湖南省", L.PROVINCE, None, "43")
    city = region("430800000000", "张家界市", L.CITY, province, "4308")
    home = region("430821000000", "慈利县", L.COUNTY, city, "430821")
    town = region("430821104000", "东岳观镇", L.TOWN, home, "430821104")
    county = region("430822000000", "桑植县", L.COUNTY, city, "430822")
    towns = max(1, round(25 * scale))
    subregions("430822", L.TOWN, towns, 100, "第")
    for root in ("430821104", "430822"):
        subregions(root, L.VILLAGE, 16, 200, "村")
        subregions(root, L.GROUP, 8, 0, "组")
    town_campaign = campaign("东岳观镇党的二十大精神宣讲", town)
    county_campaign = campaign("桑植县党的二十大精神宣讲", county)
    built = {}
    started = time.perf_counter()
    # A bulk load: the summary triggers off (as `sanwei rebuild_coverage` documents), the
    # summary tables recomputed once afterwards.
    sql("SET session_replication_role = replica")
    built["town"] = area(
        "T", "430821104", town_persons, town_campaign,
        per_village=60, listeners=60, others=8, deliveries=3_000,
    )  # fmt: skip
    built["county"] = area(
        "C", "430822", round(700_000 * scale), county_campaign,
        per_village=60, listeners=100, others=8, deliveries=round(100_000 * scale),
    )  # fmt: skip
    sql("SET session_replication_role = DEFAULT")
    from sanwei.coverage import summary

    summary.rebuild()
    took = time.perf_counter() - started
    sql("VACUUM ANALYZE")  # statistics and visibility map, as a deployment's autovacuum keeps
    return {
        "counts": built,
        "seconds": took,
        "town_id": town,
        "county_id": county,
        "town_campaign": town_campaign,
        "county_campaign": county_campaign,
    }


def existing() -> dict:
    """The ids and sizes of a database built before (`--keep`)."""
    counts = {}
    for name, path in (("town", "430821104"), ("county", "430822")):
        p = {"prefix": path + "%"}
        counts[name] = {
            "persons": scalar(
                "SELECT count(*) FROM people_person p JOIN regions_region r"
                " ON r.id = p.region_id WHERE r.path LIKE %(prefix)s",
                p,
            ),
            "attendance": scalar(
                "SELECT count(*) FROM activities_attendance t JOIN activities_activity a"
                " ON a.id = t.activity_id JOIN regions_region r ON r.id = a.region_id"
                " WHERE r.path LIKE %(prefix)s",
                p,
            ),
        }
    campaign_of = "SELECT id FROM activities_campaign WHERE region_id = %(r)s"
    town = scalar("SELECT id FROM regions_region WHERE code = '430821104000'")
    county = scalar("SELECT id FROM regions_region WHERE code = '430822000000'")
    return {
        "counts": counts,
        "town_id": town,
        "county_id": county,
        "town_campaign": scalar(campaign_of, {"r": town}),
        "county_campaign": scalar(campaign_of, {"r": county}),
    }


# ------------------------------------------------------------------- hand-written SQL


REACHED_CTE = """
    acts AS (
        SELECT a.id, a.region_id, a.audience_headcount FROM activities_activity a
        JOIN activities_activitytype t ON t.id = a.activity_type_id
        WHERE a.campaign_id = %(campaign)s AND t.pillar = 'classroom'
    ),
    reached AS (
        SELECT DISTINCT at.person_id FROM activities_attendance at
        JOIN acts ON acts.id = at.activity_id WHERE at.role = 'audience'
    )
"""
# Per child path (`substr(path, 1, len)`): persons, reached, party, party reached.
PERSONS_JOIN = (
    "WITH"
    + REACHED_CTE
    + """
    SELECT substr(r.path, 1, %(len)s), count(*), count(x.person_id),
           count(*) FILTER (WHERE p.party_status <> ''),
           count(x.person_id) FILTER (WHERE p.party_status <> '')
    FROM people_person p JOIN regions_region r ON r.id = p.region_id
    LEFT JOIN reached x ON x.person_id = p.id
    WHERE r.path LIKE %(prefix)s GROUP BY 1
"""
)
PERSONS_EXISTS = """
    SELECT substr(r.path, 1, %(len)s), count(*), count(*) FILTER (WHERE hit),
           count(*) FILTER (WHERE party), count(*) FILTER (WHERE party AND hit)
    FROM (
        SELECT p.region_id, p.party_status <> '' AS party, EXISTS (
            SELECT 1 FROM activities_attendance at
            JOIN activities_activity a ON a.id = at.activity_id
            JOIN activities_activitytype t ON t.id = a.activity_type_id
            WHERE at.person_id = p.id AND at.role = 'audience'
              AND a.campaign_id = %(campaign)s AND t.pillar = 'classroom'
        ) AS hit
        FROM people_person p
    ) p JOIN regions_region r ON r.id = p.region_id
    WHERE r.path LIKE %(prefix)s GROUP BY 1
"""
HOUSEHOLDS_JOIN = (
    "WITH"
    + REACHED_CTE
    + """
    SELECT substr(r.path, 1, %(len)s), count(*), count(*) FILTER (WHERE m.hit)
    FROM people_household h JOIN regions_region r ON r.id = h.region_id
    JOIN (
        SELECT p.household_id, bool_or(x.person_id IS NOT NULL) AS hit
        FROM people_person p LEFT JOIN reached x ON x.person_id = p.id
        WHERE p.household_id IS NOT NULL GROUP BY 1
    ) m ON m.household_id = h.id
    WHERE r.path LIKE %(prefix)s GROUP BY 1
"""
)
PERSON_TIMES = (
    "WITH"
    + REACHED_CTE
    + """
    SELECT substr(r.path, 1, %(len)s), sum(n) FROM (
        SELECT acts.region_id, acts.audience_headcount AS n FROM acts
        UNION ALL
        SELECT acts.region_id, 1 FROM activities_attendance at
        JOIN acts ON acts.id = at.activity_id WHERE at.role = 'audience'
    ) t JOIN regions_region r ON r.id = t.region_id
    WHERE r.path LIKE %(prefix)s GROUP BY 1
"""
)


# The engine's own plan written by hand: every reached count a WHERE … IN semi-join.
REACHED_IDS = """
    SELECT at.person_id FROM activities_attendance at
    JOIN activities_activity a ON a.id = at.activity_id
    JOIN activities_activitytype t ON t.id = a.activity_type_id
    WHERE a.campaign_id = %(campaign)s AND t.pillar = 'classroom' AND at.role = 'audience'
"""
PERSONS_SEMI = """
    SELECT substr(r.path, 1, %(len)s), count(*), count(*) FILTER (WHERE p.party_status <> '')
    FROM people_person p JOIN regions_region r ON r.id = p.region_id
    WHERE r.path LIKE %(prefix)s {hit} GROUP BY 1
"""
HOUSEHOLDS_SEMI = """
    SELECT substr(r.path, 1, %(len)s), count(*)
    FROM people_household h JOIN regions_region r ON r.id = h.region_id
    WHERE r.path LIKE %(prefix)s AND h.id IN (SELECT m.household_id FROM people_person m {hit})
    GROUP BY 1
"""
TIMES_SEMI = """
    SELECT substr(r.path, 1, %(len)s), sum(n) FROM (
        SELECT a.region_id, a.audience_headcount AS n FROM activities_activity a
        JOIN activities_activitytype t ON t.id = a.activity_type_id
        JOIN regions_region ar ON ar.id = a.region_id
        WHERE a.campaign_id = %(campaign)s AND t.pillar = 'classroom'
          AND ar.path LIKE %(prefix)s
        UNION ALL
        SELECT a.region_id, 1 FROM activities_attendance at
        JOIN activities_activity a ON a.id = at.activity_id
        JOIN activities_activitytype t ON t.id = a.activity_type_id
        JOIN regions_region ar ON ar.id = a.region_id
        WHERE a.campaign_id = %(campaign)s AND t.pillar = 'classroom'
          AND at.role = 'audience' AND ar.path LIKE %(prefix)s
    ) x JOIN regions_region r ON r.id = x.region_id GROUP BY 1
"""
# The same numbers read from the summary tables (coverage.models), by hand.
REACHED_SUMMARY = """
    SELECT substr(r.path, 1, %(len)s), count(*), count(*) FILTER (WHERE x.is_party_member)
    FROM coverage_campaignreach x JOIN regions_region r ON r.id = x.region_id
    WHERE x.campaign_id = %(campaign)s AND r.path LIKE %(prefix)s GROUP BY 1
"""
HOUSEHOLDS_SUMMARY = """
    SELECT substr(r.path, 1, %(len)s), count(*)
    FROM people_household h JOIN regions_region r ON r.id = h.region_id
    WHERE r.path LIKE %(prefix)s AND h.id IN (
        SELECT x.household_id FROM coverage_campaignreach x
        JOIN regions_region xr ON xr.id = x.region_id
        WHERE x.campaign_id = %(campaign)s AND xr.path LIKE %(prefix)s)
    GROUP BY 1
"""
TIMES_SUMMARY = """
    SELECT substr(r.path, 1, %(len)s), sum(a.audience_headcount + coalesce(n.named, 0))
    FROM activities_activity a
    JOIN activities_activitytype t ON t.id = a.activity_type_id
    JOIN regions_region r ON r.id = a.region_id
    LEFT JOIN coverage_activityaudience n ON n.activity_id = a.id
    WHERE a.campaign_id = %(campaign)s AND t.pillar = 'classroom' AND r.path LIKE %(prefix)s
    GROUP BY 1
"""
HAND_VARIANTS = ("join", "exists", "semi", "summary")


def hand_coverage(campaign_id: int, path: str, child_len: int, variant: str) -> dict:
    """Per child path: [persons, reached, party, party reached, households, reached, 人次]."""
    from collections import defaultdict

    from django.db import connection

    params = {"campaign": campaign_id, "prefix": path + "%", "len": child_len}
    rows: dict[str, list[int]] = defaultdict(lambda: [0] * 7)
    with connection.cursor() as cursor:
        if variant == "summary":
            cursor.execute(PERSONS_SEMI.format(hit=""), params)
            for child, total, party in cursor.fetchall():
                rows[child][0], rows[child][2] = total, party
            cursor.execute(REACHED_SUMMARY, params)
            for child, hit, party_hit in cursor.fetchall():
                rows[child][1], rows[child][3] = hit, party_hit
            cursor.execute(HOUSEHOLDS_SEMI.format(hit=""), params)
            for child, total in cursor.fetchall():
                rows[child][4] = total
            cursor.execute(HOUSEHOLDS_SUMMARY, params)
            for child, hit in cursor.fetchall():
                rows[child][5] = hit
            cursor.execute(TIMES_SUMMARY, params)
        elif variant == "semi":
            reached = f"AND p.id IN ({REACHED_IDS})"
            for where, columns in (("", (0, 2)), (reached, (1, 3))):
                cursor.execute(PERSONS_SEMI.format(hit=where), params)
                for child, total, party in cursor.fetchall():
                    rows[child][columns[0]], rows[child][columns[1]] = total, party
            for where, column in (("", 4), (f"WHERE m.id IN ({REACHED_IDS})", 5)):
                cursor.execute(HOUSEHOLDS_SEMI.format(hit=where), params)
                for child, total in cursor.fetchall():
                    rows[child][column] = total
            cursor.execute(TIMES_SEMI, params)
        else:
            cursor.execute(PERSONS_JOIN if variant == "join" else PERSONS_EXISTS, params)
            for child, *values in cursor.fetchall():
                rows[child][0:4] = values
            cursor.execute(HOUSEHOLDS_JOIN, params)
            for child, total, hit in cursor.fetchall():
                rows[child][4:6] = [total, hit]
            cursor.execute(PERSON_TIMES, params)
        for child, n in cursor.fetchall():
            rows[child][6] = int(n or 0)
    return dict(rows)


GAP_PAGE = """
    SELECT p.id FROM people_person p JOIN regions_region r ON r.id = p.region_id
    WHERE r.path LIKE %(prefix)s AND NOT EXISTS (
        SELECT 1 FROM activities_attendance at
        JOIN activities_activity a ON a.id = at.activity_id
        JOIN activities_activitytype t ON t.id = a.activity_type_id
        WHERE at.person_id = p.id AND at.role = 'audience'
          AND a.campaign_id = %(campaign)s AND t.pillar = 'classroom')
    ORDER BY (CASE WHEN p.birth_date <= %(cutoff)s THEN 8 ELSE 0 END
              + CASE WHEN p.is_frail THEN 4 ELSE 0 END
              + CASE WHEN p.is_mobility_impaired THEN 2 ELSE 0 END
              + CASE WHEN p.is_migrant THEN 1 ELSE 0 END) DESC,
             r.path, p.household_id NULLS LAST, p.name, p.id
    LIMIT 50
"""
GAP_COUNT = """
    SELECT count(*) FROM people_person p JOIN regions_region r ON r.id = p.region_id
    WHERE r.path LIKE %(prefix)s AND NOT EXISTS (
        SELECT 1 FROM activities_attendance at
        JOIN activities_activity a ON a.id = at.activity_id
        JOIN activities_activitytype t ON t.id = a.activity_type_id
        WHERE at.person_id = p.id AND at.role = 'audience'
          AND a.campaign_id = %(campaign)s AND t.pillar = 'classroom')
"""


RAW_NOT_REACHED = """NOT EXISTS (
        SELECT 1 FROM activities_attendance at
        JOIN activities_activity a ON a.id = at.activity_id
        JOIN activities_activitytype t ON t.id = a.activity_type_id
        WHERE at.person_id = p.id AND at.role = 'audience'
          AND a.campaign_id = %(campaign)s AND t.pillar = 'classroom')"""
SUMMARY_NOT_REACHED = """NOT EXISTS (
        SELECT 1 FROM coverage_campaignreach x
        WHERE x.person_id = p.id AND x.campaign_id = %(campaign)s)"""
GAP_VARIANTS = ("raw", "summary")


def hand_gap_page(campaign_id: int, path: str, cutoff, variant: str) -> tuple[int, list[int]]:
    from django.db import connection

    params = {"campaign": campaign_id, "prefix": path + "%", "cutoff": cutoff}
    condition = SUMMARY_NOT_REACHED if variant == "summary" else RAW_NOT_REACHED
    with connection.cursor() as cursor:
        cursor.execute(GAP_COUNT.replace(RAW_NOT_REACHED, condition), params)
        count = cursor.fetchone()[0]
        cursor.execute(GAP_PAGE.replace(RAW_NOT_REACHED, condition), params)
        return count, [row[0] for row in cursor.fetchall()]


# ------------------------------------------------------------------------- timing


def median_ms(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    result = fn()  # warm-up (and the result to compare)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times), result


def engine_rows(result) -> dict:
    """The engine's children as {path: [7 figures]} (the hand-written SQL's shape)."""
    rows = {}
    for child in result.children:
        path = child.region.path if child.region else result.region.path
        rows[path] = [
            child.persons.total, child.persons.reached,
            child.party_members.total, child.party_members.reached,
            child.households.total, child.households.reached,
            child.audience_person_times,
        ]  # fmt: skip
    return rows


def run(args) -> None:
    from django.db import connection

    from sanwei.activities.models import Campaign
    from sanwei.core.scoping import scopes_disabled
    from sanwei.coverage import engine, gaps
    from sanwei.regions.models import PATH_LENGTH, Region

    print(f"database: {connection.vendor} {connection.pg_version // 10000}")
    data = existing() if args.reuse else build(args.scale, args.seed)
    for name, counts in data["counts"].items():
        print(f"{name}: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    if not args.reuse:
        print(f"generated in {data['seconds']:.1f}s")
    repeat = args.repeat
    results = []
    with scopes_disabled():
        town = Region.unscoped.get(pk=data["town_id"])
        county = Region.unscoped.get(pk=data["county_id"])
        village = Region.unscoped.filter(path__startswith=county.path, level=5).order_by("path")[3]
        county_town = Region.unscoped.filter(parent=county).order_by("path").first()
        town_campaign = Campaign.unscoped.get(pk=data["town_campaign"])
        county_campaign = Campaign.unscoped.get(pk=data["county_campaign"])
        cases = [
            ("town", "town coverage (per village)", town_campaign, town),
            ("county", "county coverage (per town)", county_campaign, county),
            ("town", "village coverage (per group)", county_campaign, village),
        ]
        for target, label, camp, where in cases:
            child_len = PATH_LENGTH[where.level + 1]
            orm_ms, result = median_ms(lambda c=camp, w=where: engine.coverage(c, w), repeat)
            best = None
            for variant in HAND_VARIANTS:
                ms, hand = median_ms(
                    lambda c=camp, w=where, v=variant, n=child_len: hand_coverage(
                        c.pk, w.path, n, v
                    ),
                    repeat,
                )
                assert hand == engine_rows(result), (label, hand, engine_rows(result))
                best = ms if best is None else min(best, ms)
            results.append((label, target, orm_ms, best, result.persons))
        cutoff = gaps.elderly_cutoff()
        for label, camp, where in [
            ("gap list page 1 (village)", county_campaign, village),
            ("gap list page 1 (county town)", county_campaign, county_town),
            ("gap list page 1 (town)", town_campaign, town),
        ]:

            def page(c=camp, w=where):
                people = gaps.gap_persons(c, w)
                return people.count(), [p.pk for p in people[:50]]

            orm_ms, (count, pks) = median_ms(page, repeat)
            hand_ms = None
            for variant in GAP_VARIANTS:
                ms, hand = median_ms(
                    lambda c=camp, w=where, v=variant: hand_gap_page(c.pk, w.path, cutoff, v),
                    repeat,
                )
                assert hand == (count, pks), (label, variant)
                hand_ms = ms if hand_ms is None else min(hand_ms, ms)
            results.append((label, "gap", orm_ms, hand_ms, None))
    header = f"{'':<32}{'engine ms':>11}{'SQL ms':>9}{'ratio':>7}{'target':>8}  result"
    print(f"medians of {repeat} runs after a warm-up")
    print(header)
    print("-" * len(header))
    failed = False
    for label, target, orm_ms, hand_ms, persons in results:
        ratio = orm_ms / hand_ms
        ok = orm_ms <= TARGETS_MS[target] and ratio <= MAX_RATIO
        failed |= not ok
        figure = f"  {persons.reached:,}/{persons.total:,} reached" if persons else ""
        print(
            f"{label:<32}{orm_ms:>11.1f}{hand_ms:>9.1f}{ratio:>7.2f}{TARGETS_MS[target]:>8}"
            f"  {'ok' if ok else 'MISSED'}{figure}"
        )
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
