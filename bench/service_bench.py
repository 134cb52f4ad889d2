"""微服务 benchmark (PostgreSQL): the needs work queue, one volunteer's hours and stars and
the county's hours ranking, each against hand-written SQL in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanwei_bench \\
        .venv/bin/python bench/service_bench.py [--scale 1.0] [--repeat 7] [--keep|--reuse]

Builds a throw-away database (Django's test database `test_<name>`, migrated), then
fills it server-side (INSERT … SELECT generate_series, no rows through Python), with the
region generator of `coverage_bench.py`:

- a county of 25 towns × 16 villages × 8 villagers' groups, 40,000 households of three;
- 4,000 volunteers (`VolunteerProfile`, a few of them left), each in their village's
  squad (an open `Membership`);
- 20,000 volunteer service activities with ten volunteers each: 200,000 confirmed
  volunteer attendances with hours, plus 1,000 recent activities whose 10,000 volunteer
  attendances still await the organiser's confirmation (they must not count);
- 100,000 needs spread over the groups, in every state of the loop, category and
  urgency, with the rows the services write: one `NeedEvent` per step (register, accept,
  dispatch or take, start, resolve, rate, close, reject, refer), a `NeedResolution` and
  the volunteer's `NeedHours` for every resolved one, the rating of rated ones.

Then it times, with medians over `--repeat` runs after one warm-up, through the code the
pages and the API run:

1. the needs work queue (`needs.views.NeedList`: its FilterSet on the scoped queryset,
   the paginator's count and the first page of 50 with the region, category, squad and
   volunteer it shows, and the overdue flag of each row), filtered by state and region;
2. one volunteer's hours and stars (`volunteers.hours.summary`);
3. the county's hours ranking as its page shows it (`volunteers.hours.ranking_page`: the
   first 200 ranked with their hours, stars and ranks, and this month's new levels);

and, for each, the best hand-written SQL giving the same answer (asserted equal): the queue
looks the region code up within the caller's scope, then counts and reads the page (the
page does the same, and asks whether the caller may register needs); the ranking takes the
faster of one pass with a month filter and a pass of totals plus this month's hours.

Targets (issue 10): queue ≤ 100 ms, one volunteer ≤ 20 ms, ranking ≤ 500 ms, each
within 3× of the hand-written SQL.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanwei.settings")

from coverage_bench import bench_main, campaign, region, scalar, sql, subregions  # noqa: E402

TARGETS_MS = {"queue": 100, "volunteer": 20, "ranking": 500}
MAX_RATIO = 3.0
PAGE = 50  # core.viewkit.PAGE_SIZE, checked in run()
RANKING_ROWS = 200
COUNTY_PATH = "430822"

# (state, share of needs): every state of the loop.
STATES = (
    ("reported", 0.08), ("accepted", 0.05), ("rejected", 0.03), ("referred", 0.04),
    ("dispatched", 0.08), ("in_progress", 0.07), ("resolved", 0.10), ("rated", 0.15),
    ("closed", 0.40),
)  # fmt: skip
WORDS = ("水管漏水需要维修", "独居老人需要代购药品", "屋顶漏雨", "孩子放学无人接送",
         "电线老化存在隐患", "想了解医保报销政策", "田间水渠堵塞", "申请慢性病补助咨询")  # fmt: skip
SKILLS = ("水电维修", "医疗护理", "法律咨询", "农技指导", "心理疏导", "驾驶", "", "")


def main() -> None:
    bench_main("service_bench", __doc__, run, repeat=7)


# ------------------------------------------------------------------------ generation


def sizes(scale: float) -> dict[str, int]:
    return {
        "towns": max(1, round(25 * scale)),
        "households": max(60, round(40_000 * scale)),
        "volunteers": max(24, round(4_000 * scale)),
        "activities": max(4, round(20_000 * scale)),
        "pending_activities": max(1, round(1_000 * scale)),
        "needs": max(len(STATES) * 4, round(100_000 * scale)),
    }


def build(scale: float, seed: float) -> dict:
    """Generate the county; returns its ids and the counts of what was made."""
    from django.conf import settings

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
    county_campaign = campaign("桑植县志愿服务", county)
    counts: dict[str, int] = {}
    p = {**n, "prefix": COUNTY_PATH + "%"}
    # Bulk load: the coverage summary's triggers off, the summary rebuilt once afterwards
    # (volunteer attendance does not reach anyone, so it stays empty of these rows).
    sql("SET session_replication_role = replica")
    sql(
        """
        CREATE TEMP TABLE bench_groups AS
        SELECT g.id, g.parent_id AS village_id, v.parent_id AS town_id,
               (row_number() OVER (ORDER BY g.path) - 1)::int AS idx
        FROM regions_region g JOIN regions_region v ON v.id = g.parent_id
        WHERE g.level = 6 AND g.path LIKE %(prefix)s
        """,
        p,
    )
    p["groups"] = scalar("SELECT count(*) FROM bench_groups")
    counts["households"] = sql(
        """
        INSERT INTO people_household (region_id, number, address, created_at, updated_at)
        SELECT g.id, 'S' || h, '', now(), now()
        FROM generate_series(0, %(households)s - 1) h
        JOIN bench_groups g ON g.idx = (h::bigint * %(groups)s / %(households)s)
        """,
        p,
    )
    counts["persons"] = sql(
        """
        INSERT INTO people_person (
            region_id, household_id, relation_to_head, name, gender, birth_date, ethnicity,
            id_number_encrypted, phone_encrypted, party_status, party_branch, is_frail,
            is_mobility_impaired, is_migrant, migrant_destination, lecturer_category,
            cadre_post, skills, notes, search_text, landline_encrypted, created_at, updated_at)
        SELECT h.region_id, h.id, CASE WHEN k = 0 THEN 'head' ELSE 'spouse' END,
               '张' || h.id || '-' || k, CASE WHEN k = 1 THEN 'F' ELSE 'M' END,
               date '1940-01-01' + (random() * 25000)::int, '汉族', '',
               '', '', '', false, false, false, '',
               '', '', '', '', '', '', now(), now()
        FROM people_household h CROSS JOIN generate_series(0, 2) k
        WHERE h.number LIKE 'S%%'
        """,
    )
    sql(
        """
        CREATE TEMP TABLE bench_people AS
        SELECT p.id, p.region_id, p.household_id, g.village_id, g.town_id,
               (row_number() OVER (ORDER BY p.id) - 1)::int AS idx
        FROM people_person p JOIN bench_groups g ON g.id = p.region_id
        """
    )
    p["persons"] = counts["persons"]
    # Volunteers: every k-th person, numbered per town (<town path>-0001 …); a few left.
    sql(
        """
        CREATE TEMP TABLE bench_volunteers AS
        SELECT bp.id AS person_id, bp.village_id, bp.town_id,
               (row_number() OVER (PARTITION BY bp.town_id ORDER BY bp.id) - 1)::int AS idx,
               (row_number() OVER (PARTITION BY bp.town_id ORDER BY bp.id) - 1) %% 30 = 7
                 AS has_left
        FROM bench_people bp
        WHERE bp.idx %% (%(persons)s / %(volunteers)s) = 1
        LIMIT %(volunteers)s
        """,
        p,
    )
    sql("CREATE INDEX ON bench_volunteers (town_id, idx)")
    sql(
        "CREATE TEMP TABLE bench_towns AS SELECT town_id AS id, count(*)::int AS n"
        " FROM bench_volunteers GROUP BY town_id"
    )
    counts["volunteers"] = sql(
        f"""
        INSERT INTO volunteers_volunteerprofile (
            person_id, number, skills, job_post, weekday_morning, weekday_afternoon,
            weekday_evening, weekend_morning, weekend_afternoon, weekend_evening, joined_on,
            left_on, card_code, created_at, updated_at)
        SELECT v.person_id, t.path || '-' || lpad((v.idx + 1)::text, 4, '0'),
               (ARRAY{list(SKILLS)!r})[1 + v.idx %% {len(SKILLS)}], '',
               random() < 0.3, random() < 0.3, random() < 0.6, random() < 0.6,
               random() < 0.5, random() < 0.4, date '2021-01-01' + (v.idx %% 300),
               CASE WHEN v.has_left THEN date '2023-06-01' END,
               'V' || lpad(v.person_id::text, 11, '0'), now(), now()
        FROM bench_volunteers v JOIN regions_region t ON t.id = v.town_id
        """
    )
    counts["squads"] = sql(
        """
        INSERT INTO teams_team (name, kind, description, created_at, region_id)
        SELECT v.name || '志愿服务小队', 'squad', '', now(), v.id
        FROM regions_region v WHERE v.level = 5 AND v.path LIKE %(prefix)s
        """,
        p,
    )
    sql(
        """
        INSERT INTO teams_membership (team_id, person_id, role, started_on, ended_on)
        SELECT t.id, v.person_id, 'member', date '2021-01-01',
               CASE WHEN v.has_left THEN date '2023-06-01' END
        FROM bench_volunteers v JOIN teams_team t ON t.region_id = v.village_id
        """
    )
    # Volunteer service activities in the villages, ten volunteers of the town at each
    # (the busier ones oftener); the last `pending_activities` are recent and unconfirmed.
    sql(
        """
        CREATE TEMP TABLE bench_activities AS
        SELECT i, v.id AS village_id, v.parent_id AS town_id, t.id AS squad_id,
               i >= %(activities)s AS pending, random() AS pick,
               CASE WHEN i >= %(activities)s THEN now() - ((i %% 10) || ' days')::interval
                    ELSE now() - interval '2 days' - (random() * 720 || ' days')::interval
               END AS at
        FROM generate_series(0, %(activities)s + %(pending_activities)s - 1) i
        JOIN (SELECT id, parent_id, (row_number() OVER (ORDER BY path) - 1)::int AS idx,
                     count(*) OVER () AS n
              FROM regions_region WHERE level = 5 AND path LIKE %(prefix)s) v
          ON v.idx = i %% v.n
        JOIN teams_team t ON t.region_id = v.id
        """,
        p,
    )
    counts["activities"] = sql(
        """
        INSERT INTO activities_activity (code, campaign_id, activity_type_id, title, region_id,
            organising_team_id, starts_at, ends_at, place, mode, audience_headcount, notes,
            checkin_opens_before, checkin_closes_after, created_at, updated_at)
        SELECT 'S' || lpad(a.i::text, 11, '0'), %(campaign)s,
               (SELECT array_agg(id ORDER BY id) FROM activities_activitytype
                WHERE pillar = 'service')[1 + a.i %% 6],
               '志愿服务' || a.i, a.village_id, a.squad_id, a.at, a.at + interval '3 hours',
               '村部', 'offline', 0, '', 60, 120, now(), now()
        FROM bench_activities a
        """,
        {**p, "campaign": county_campaign},
    )
    counts["attendance"] = sql(
        """
        INSERT INTO activities_attendance (activity_id, person_id, role, recorded_via, hours,
            recorded_at, confirmed_at)
        SELECT act.id, v.person_id, 'volunteer', 'manual', (1 + floor(random() * 8)) / 2,
               act.starts_at,
               CASE WHEN NOT a.pending THEN least(act.ends_at + interval '1 day', now()) END
        FROM bench_activities a
        JOIN activities_activity act ON act.code = 'S' || lpad(a.i::text, 11, '0')
        JOIN bench_towns t ON t.id = a.town_id
        CROSS JOIN generate_series(0, 9) k
        JOIN bench_volunteers v
          ON v.town_id = a.town_id AND v.idx = (floor(t.n * a.pick ^ 2)::int + k) %% t.n
        """
    )
    counts["confirmed attendance"] = scalar(
        "SELECT count(*) FROM activities_attendance WHERE confirmed_at IS NOT NULL"
    )
    # Needs: a household of a group, its head, a state of the loop with what it implies.
    limits = settings.NEED_TIME_LIMIT_DAYS
    bounds, acc = [], 0.0
    for state, share in STATES:
        acc += share
        bounds.append(f"WHEN r < {acc:.4f} THEN '{state}'")
    sql(
        f"""
        CREATE TEMP TABLE bench_needs AS
        SELECT i, h.id AS household_id, h.region_id, g.town_id, head.id AS person_id, x.state,
               CASE WHEN u < 0.08 THEN 'critical' WHEN u < 0.30 THEN 'urgent'
                    ELSE 'normal' END AS urgency,
               CASE WHEN x.state IN ('reported', 'accepted', 'dispatched', 'in_progress')
                    THEN now() - (random() * 20 || ' days')::interval
                    ELSE now() - interval '21 days' - (random() * 700 || ' days')::interval
               END AS created_at,
               random() < 0.6 AS by_volunteer, random() < 0.5 AS started,
               random() < 0.8 AS was_rated, random() < 0.6 AS visit
        FROM (SELECT i, (i * 0.618033988749895) - floor(i * 0.618033988749895) AS r,
                     random() AS u, random() AS hh
              FROM generate_series(0, %(needs)s - 1) i) s
        CROSS JOIN LATERAL (SELECT CASE {" ".join(bounds)} ELSE 'closed' END AS state) x
        JOIN people_household h ON h.number = 'S' || floor(s.hh * %(households)s)::int
        JOIN bench_groups g ON g.id = h.region_id
        JOIN people_person head ON head.household_id = h.id AND head.relation_to_head = 'head'
        """,
        p,
    )
    sql(
        """
        ALTER TABLE bench_needs ADD COLUMN volunteer_id bigint, ADD COLUMN team_id bigint,
            ADD COLUMN category_id bigint;
        UPDATE bench_needs SET category_id = (SELECT array_agg(id ORDER BY id)
            FROM needs_needcategory)[1 + i %% (SELECT count(*) FROM needs_needcategory)];
        UPDATE bench_needs n SET volunteer_id = v.person_id, team_id = t.id
        FROM bench_towns bt, bench_volunteers v, teams_team t
        WHERE bt.id = n.town_id AND v.town_id = n.town_id AND v.idx = (n.i * 7) %% bt.n
          AND t.region_id = v.village_id
          AND n.state IN ('dispatched', 'in_progress', 'resolved', 'rated', 'closed');
        UPDATE bench_needs SET volunteer_id = CASE WHEN by_volunteer THEN volunteer_id END,
            team_id = CASE WHEN by_volunteer THEN NULL ELSE team_id END;
        """
    )
    counts["needs"] = sql(
        f"""
        INSERT INTO needs_need (code, description, urgency, state, source, created_at,
            updated_at, household_id, person_id, region_id, category_id, dispatched_at, due_at,
            photo, rated_at, rating, rating_comment, reason, team_id, volunteer_id)
        SELECT 'N' || lpad(n.i::text, 11, '0'),
               (ARRAY{list(WORDS)!r})[1 + n.i %% {len(WORDS)}] || '（' || n.i || '）',
               n.urgency, n.state, CASE WHEN n.visit THEN 'visit' ELSE 'staff' END,
               n.created_at, n.created_at + interval '3 days', n.household_id, n.person_id,
               n.region_id, n.category_id,
               CASE WHEN n.volunteer_id IS NOT NULL OR n.team_id IS NOT NULL
                    THEN n.created_at + interval '1 day' END,
               n.created_at + (CASE n.urgency WHEN 'critical' THEN {limits["critical"]}
                    WHEN 'urgent' THEN {limits["urgent"]} ELSE {limits["normal"]} END
                    || ' days')::interval,
               '', CASE WHEN r.rated THEN n.created_at + interval '3 days' END,
               CASE WHEN r.rated THEN 1 + floor(4.99 * sqrt(random()))::int END, '',
               CASE WHEN n.state IN ('rejected', 'referred') THEN '不属于志愿服务范围' ELSE '' END,
               n.team_id, n.volunteer_id
        FROM bench_needs n
        CROSS JOIN LATERAL (SELECT n.state = 'rated' OR (n.state = 'closed' AND n.was_rated)
                            AS rated) r
        """
    )
    sql("CREATE TEMP TABLE bench_need_ids AS SELECT n.*, d.id AS need_id FROM bench_needs n"
        " JOIN needs_need d ON d.code = 'N' || lpad(n.i::text, 11, '0')")  # fmt: skip
    # One event per step the services write (NeedEvent: action, from → to).
    counts["events"] = sql(
        """
        INSERT INTO needs_needevent (need_id, action, from_state, to_state, note, at)
        SELECT n.need_id, s.action, s.from_state, s.to_state, '',
               n.created_at + (s.step || ' hours')::interval
        FROM bench_need_ids n
        JOIN (VALUES
            (0, 'register', 'reported', 'reported', 'all'),
            (1, 'accept', 'reported', 'accepted', 'accepted'),
            (1, 'reject', 'reported', 'rejected', 'rejected'),
            (1, 'refer', 'reported', 'referred', 'referred'),
            (2, 'dispatch', 'accepted', 'dispatched', 'team'),
            (2, 'take', 'accepted', 'dispatched', 'volunteer'),
            (3, 'start', 'dispatched', 'in_progress', 'started'),
            (4, 'resolve', 'in_progress', 'resolved', 'resolved started'),
            (4, 'resolve', 'dispatched', 'resolved', 'resolved unstarted'),
            (5, 'rate', 'resolved', 'rated', 'rated'),
            (6, 'close', 'rated', 'closed', 'closed rated'),
            (6, 'close', 'resolved', 'closed', 'closed unrated')
        ) s(step, action, from_state, to_state, applies)
        ON CASE s.applies
            WHEN 'all' THEN true
            WHEN 'accepted' THEN n.state NOT IN ('reported', 'rejected', 'referred')
            WHEN 'rejected' THEN n.state = 'rejected'
            WHEN 'referred' THEN n.state = 'referred'
            WHEN 'team' THEN n.team_id IS NOT NULL
            WHEN 'volunteer' THEN n.volunteer_id IS NOT NULL
            WHEN 'started' THEN n.state = 'in_progress'
                OR (n.state IN ('resolved', 'rated', 'closed') AND n.started)
            WHEN 'resolved started' THEN n.state IN ('resolved', 'rated', 'closed') AND n.started
            WHEN 'resolved unstarted' THEN n.state IN ('resolved', 'rated', 'closed')
                AND NOT n.started
            WHEN 'rated' THEN n.state = 'rated' OR (n.state = 'closed' AND n.was_rated)
            WHEN 'closed rated' THEN n.state = 'closed' AND n.was_rated
            WHEN 'closed unrated' THEN n.state = 'closed' AND NOT n.was_rated
        END
        """
    )
    counts["resolutions"] = sql(
        """
        INSERT INTO needs_needresolution (need_id, summary, photo, resolved_at)
        SELECT need_id, '已上门处理完毕', '', created_at + interval '2 days'
        FROM bench_need_ids WHERE state IN ('resolved', 'rated', 'closed')
        """
    )
    # The hours of whoever did it: the volunteer, or a member of the squad it went to.
    counts["need hours"] = sql(
        """
        INSERT INTO needs_needhours (resolution_id, person_id, hours)
        SELECT r.id, coalesce(n.volunteer_id, m.person_id), (1 + floor(random() * 6)) / 2
        FROM bench_need_ids n JOIN needs_needresolution r ON r.need_id = n.need_id
        LEFT JOIN LATERAL (SELECT person_id FROM teams_membership
                           WHERE team_id = n.team_id ORDER BY id LIMIT 1) m ON true
        WHERE coalesce(n.volunteer_id, m.person_id) IS NOT NULL
        """
    )
    sql("SET session_replication_role = DEFAULT")
    sql(
        "DROP TABLE bench_groups, bench_people, bench_volunteers, bench_towns, bench_activities,"
        " bench_needs, bench_need_ids"
    )
    summary.rebuild()
    took = time.perf_counter() - started
    sql("VACUUM ANALYZE")  # statistics and visibility map, as a deployment's autovacuum keeps
    return {"counts": counts, "seconds": took, "county_id": county}


def existing() -> dict:
    """The ids and sizes of a database built before (`--keep`)."""
    counts = {
        "volunteers": scalar("SELECT count(*) FROM volunteers_volunteerprofile"),
        "confirmed attendance": scalar(
            "SELECT count(*) FROM activities_attendance WHERE confirmed_at IS NOT NULL"
        ),
        "needs": scalar("SELECT count(*) FROM needs_need"),
        "events": scalar("SELECT count(*) FROM needs_needevent"),
        "need hours": scalar("SELECT count(*) FROM needs_needhours"),
    }
    county = scalar("SELECT id FROM regions_region WHERE path = %(p)s", {"p": COUNTY_PATH})
    return {"counts": counts, "county_id": county}


# ------------------------------------------------------------------- hand-written SQL


QUEUE_COUNT = """
    SELECT count(*) FROM needs_need n JOIN regions_region r ON r.id = n.region_id
    WHERE n.state = %(state)s AND r.path LIKE %(prefix)s
"""
QUEUE_PAGE = """
    SELECT n.id, n.description, n.urgency, n.state, n.due_at, r.name, c.name, t.name, v.name
    FROM needs_need n
    JOIN regions_region r ON r.id = n.region_id
    JOIN needs_needcategory c ON c.id = n.category_id
    LEFT JOIN teams_team t ON t.id = n.team_id
    LEFT JOIN people_person v ON v.id = n.volunteer_id
    WHERE n.state = %(state)s AND r.path LIKE %(prefix)s
    ORDER BY n.created_at DESC, n.id DESC
    LIMIT %(page)s
"""


REGION_PATH = """
    SELECT path FROM regions_region WHERE code = %(code)s AND path LIKE %(scope)s
"""


def hand_queue(state: str, code: str, scope: str) -> tuple[int, list]:
    """(count, [(need id, overdue, region, category, squad, volunteer) of the first page]):
    the region code looked up within the caller's scope, then the count and the page."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    open_states = ("reported", "accepted", "dispatched", "in_progress")
    with connection.cursor() as cursor:
        cursor.execute(REGION_PATH, {"code": code, "scope": scope + "%"})
        (path,) = cursor.fetchone()
        params = {"state": state, "prefix": path + "%", "page": PAGE}
        cursor.execute(QUEUE_COUNT, params)
        count = cursor.fetchone()[0]
        cursor.execute(QUEUE_PAGE, params)
        rows = [
            (pk, state in open_states and due is not None and due < now, *names)
            for pk, _, _, state, due, *names in cursor.fetchall()
        ]
    return count, rows


VOLUNTEER_HOURS = """
    SELECT (SELECT coalesce(sum(hours), 0) FROM activities_attendance
            WHERE person_id = %(person)s AND role = 'volunteer' AND confirmed_at IS NOT NULL),
           (SELECT coalesce(sum(hours), 0) FROM needs_needhours WHERE person_id = %(person)s)
"""


def hand_volunteer(person_id: int) -> tuple[Decimal, Decimal]:
    """(attendance hours, need hours) of one volunteer."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(VOLUNTEER_HOURS, {"person": person_id})
        a, n = cursor.fetchone()
    return Decimal(a), Decimal(n)


# Every active volunteer of the subtree with their hours: confirmed attendance (dated by
# the activity's start) and resolved needs (by resolution). "join": totals and totals
# before this month in one pass; "split": totals without joins, then only this month's.
HOURS_BEFORE = """
    SELECT x.person_id, sum(x.hours) AS total,
           sum(x.hours) FILTER (WHERE x.at < %(month)s) AS before
    FROM (
        SELECT at.person_id, at.hours, a.starts_at AS at
        FROM activities_attendance at JOIN activities_activity a ON a.id = at.activity_id
        WHERE at.role = 'volunteer' AND at.confirmed_at IS NOT NULL
        UNION ALL
        SELECT h.person_id, h.hours, r.resolved_at
        FROM needs_needhours h JOIN needs_needresolution r ON r.id = h.resolution_id
    ) x GROUP BY x.person_id
"""
HOURS_TOTAL = """
    SELECT x.person_id, sum(x.hours) AS total, NULL::numeric AS before
    FROM (
        SELECT person_id, hours FROM activities_attendance
        WHERE role = 'volunteer' AND confirmed_at IS NOT NULL
        UNION ALL
        SELECT person_id, hours FROM needs_needhours
    ) x GROUP BY x.person_id
"""
HOURS_THIS_MONTH = """
    SELECT x.person_id, sum(x.hours) FROM (
        SELECT at.person_id, at.hours
        FROM activities_attendance at JOIN activities_activity a ON a.id = at.activity_id
        WHERE at.role = 'volunteer' AND at.confirmed_at IS NOT NULL AND a.starts_at >= %(month)s
        UNION ALL
        SELECT h.person_id, h.hours
        FROM needs_needhours h JOIN needs_needresolution r ON r.id = h.resolution_id
        WHERE r.resolved_at >= %(month)s
    ) x GROUP BY x.person_id
"""
RANKING = """
    WITH hours AS ({hours})
    SELECT vp.id, vp.person_id, coalesce(h.total, 0) AS total, coalesce(h.before, 0),
           rank() OVER (ORDER BY coalesce(h.total, 0) DESC)
    FROM volunteers_volunteerprofile vp
    JOIN people_person p ON p.id = vp.person_id
    JOIN regions_region r ON r.id = p.region_id
    LEFT JOIN hours h ON h.person_id = vp.person_id
    WHERE vp.left_on IS NULL AND r.path LIKE %(prefix)s
    ORDER BY total DESC, vp.number
"""
RANKING_VARIANTS = ("join", "split")


def hand_ranking(path: str, month_start: dt.datetime, variant: str) -> tuple[list, list]:
    """([(profile id, hours, stars, rank)] of the first RANKING_ROWS,
    [profile ids reaching a new level this month, in ranking order])."""
    from django.db import connection

    from sanwei.volunteers.hours import star_level

    params = {"prefix": path + "%", "month": month_start}
    hours = HOURS_BEFORE if variant == "join" else HOURS_TOTAL
    with connection.cursor() as cursor:
        cursor.execute(RANKING.format(hours=hours), params)
        rows = cursor.fetchall()
        if variant == "split":
            cursor.execute(HOURS_THIS_MONTH, params)
            recent = dict(cursor.fetchall())
            rows = [
                (pk, p, total, total - recent.get(p, 0), rank) for pk, p, total, _, rank in rows
            ]
    top = [(pk, total, star_level(total), rank) for pk, _, total, _, rank in rows[:RANKING_ROWS]]
    new = [pk for pk, _, total, before, _ in rows if star_level(total) > star_level(before)]
    return top, new


# ------------------------------------------------------------------------- timing


def median_ms(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    result = fn()  # warm-up (and the result to compare)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times), result


def queue_request(user, query: dict):
    """A GET of the work queue as `user` (the view reads its filters from it)."""
    from django.test import RequestFactory
    from django.urls import reverse

    request = RequestFactory().get(reverse("needs:need_list"), query)
    request.user = user
    return request


def orm_queue(user, query: dict) -> tuple[int, list]:
    """What the queue page computes for its table (`NeedList`): the FilterSet over the
    scoped queryset, the paginator's count, the first page's needs with their related
    rows and overdue flags. Returns what `hand_queue` returns."""
    from sanwei.needs.views import NeedList

    view = NeedList()
    view.setup(queue_request(user, query))
    view.object_list = view.get_queryset()
    context = view.get_context_data()
    shown = []
    for row in context["rows"]:  # what the template shows of each row
        need = row["need"]
        team = need.team.name if need.team else None
        volunteer = need.volunteer.name if need.volunteer else None
        shown.append(
            (need.pk, row["overdue"], need.region.name, need.category.name, team, volunteer)
        )
    return context["paginator"].count, shown


def county_user(county):
    from django.contrib.auth import get_user_model

    from sanwei.accounts.models import Role, RoleAssignment

    user, _ = get_user_model().objects.get_or_create(username="bench_county")
    RoleAssignment.objects.get_or_create(user=user, role=Role.COUNTY_VIEWER, region=county)
    return user


def run(args) -> None:
    from django.db import connection

    from sanwei.core.viewkit import PAGE_SIZE

    assert PAGE_SIZE == PAGE, "the queue's page size changed: update PAGE"
    print(f"database: {connection.vendor} {connection.pg_version // 10000}")
    data = existing() if args.reuse else build(args.scale, args.seed)
    print(", ".join(f"{v:,} {k}" for k, v in data["counts"].items()))
    if not args.reuse:
        print(f"generated in {data['seconds']:.1f}s")
    print(f"load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    results = timed(args.repeat, data["county_id"])
    report(results, args.repeat)


def timed(repeat: int, county_id: int) -> list[tuple[str, str, float, float]]:
    """Each case timed through the product code and by hand; the answers must agree."""
    from django.db.models import Count

    from sanwei.core.scoping import RegionScope, region_scope, scopes_disabled
    from sanwei.needs.models import Need
    from sanwei.regions.models import Region
    from sanwei.volunteers import hours
    from sanwei.volunteers.models import VolunteerProfile

    results = []
    with scopes_disabled():
        county = Region.unscoped.get(pk=county_id)
        towns = Region.unscoped.filter(parent=county).order_by("path")
        town = towns[len(towns) // 2]
        # A village of that town with a closed need (at a tiny scale not every one has).
        closed = Need.unscoped.filter(state="closed", region__path__startswith=town.path)
        village = closed.order_by("pk").select_related("region__parent")[0].region.parent
        user = county_user(county)
        # The volunteer with the most attendances.
        busiest = (
            VolunteerProfile.unscoped.filter(
                person__attendances__confirmed_at__isnull=False, left_on__isnull=True
            )
            .annotate(n=Count("person__attendances"))
            .order_by("-n", "pk")
            .select_related("person")
            .first()
        )
    with region_scope(RegionScope.of([county.path])):
        for label, state, where in (
            ("queue: reported, county", "reported", county),
            ("queue: accepted, town", "accepted", town),
            ("queue: closed, village", "closed", village),
        ):
            query = {"state": state, "region": where.code}
            orm_ms, got = median_ms(lambda q=query: orm_queue(user, q), repeat)
            hand_ms, hand = median_ms(
                lambda s=state, w=where: hand_queue(s, w.code, county.path), repeat
            )
            assert got == hand, (label, got, hand)
            assert got[0] > 0, label
            results.append((label, "queue", orm_ms, hand_ms))
    with scopes_disabled():
        orm_ms, got = median_ms(lambda: hours.summary(busiest), repeat)
        hand_ms, (a, n) = median_ms(lambda: hand_volunteer(busiest.person_id), repeat)
        assert (got.attendance_hours, got.need_hours, got.hours, got.stars) == (
            a,
            n,
            a + n,
            hours.star_level(a + n),
        ), (got, a, n)
        results.append(("one volunteer's hours and stars", "volunteer", orm_ms, hand_ms))
        month_start = hours.month_start()

        def page():
            return hours.ranking_page(county)

        orm_ms, got = median_ms(page, repeat)
        got_top = [(r.profile.pk, r.hours, r.stars, r.rank) for r in got.rows]
        got_new = [r.profile.pk for r in got.new_levels]
        hand_ms = None
        for variant in RANKING_VARIANTS:
            ms, (top, new) = median_ms(
                lambda v=variant: hand_ranking(county.path, month_start, v), repeat
            )
            assert got_top == top, ("ranking differs", variant)
            assert got_new == new, ("new levels differ", variant)
            hand_ms = ms if hand_ms is None else min(hand_ms, ms)
        results.append(("county hours ranking (top 200)", "ranking", orm_ms, hand_ms))
    return results


def report(results, repeat: int) -> None:
    header = f"{'':<34}{'ORM ms':>9}{'SQL ms':>9}{'ratio':>7}{'target':>8}  result"
    print(f"medians of {repeat} runs after a warm-up")
    print(header)
    print("-" * len(header))
    failed = False
    for label, target, orm_ms, hand_ms in results:
        ratio = orm_ms / hand_ms
        ok = orm_ms <= TARGETS_MS[target] and ratio <= MAX_RATIO
        failed |= not ok
        print(
            f"{label:<34}{orm_ms:>9.1f}{hand_ms:>9.1f}{ratio:>7.2f}{TARGETS_MS[target]:>8}"
            f"  {'ok' if ok else 'FAIL'}"
        )
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
