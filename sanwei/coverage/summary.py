"""The coverage summary tables (`CampaignReach`, `ActivityAudience`, `TypeAudience`,
`TypeAudienceCount`, `RegionCount`, `HouseholdCount`) and the triggers that keep them true,
for PostgreSQL and SQLite.

Every statement below is written once and used in both dialects: the triggers run them per
row with the changed row as `NEW` / `OLD`. A (campaign, person) pair is *refreshed* by
deleting its reach row unless the person still has an audience attendance at one of the
campaign's reaching activities, and inserting it (ignoring a duplicate) when a new one
appears. So a trigger never has to know what the row meant before: it re-asks the source.

Triggers:
- attendance insert / delete / update of activity, person or role: the activity's named
  audience count ±1, and the person's reach for the activity's campaign refreshed;
- activity update of campaign or type: its audience's reach refreshed for the old and the
  new campaign; activity delete: its count removed (and any reach it justified);
- activity type update of pillar: the reach of everyone at its activities refreshed;
- person update of region, household or party status: copied onto their reach rows (on
  PostgreSQL by a statement trigger over the transition tables, one UPDATE of the reach
  rows for all the persons a statement changed: per row, each person's reach UPDATE fired
  the reach counts' statement trigger again, and a bulk update grew as n²).

The activity figures' distinct persons per session type (`coverage.audience`) read two more
tables. `TypeAudience` holds one row per (person, campaign key, session type, venue region)
the attendance justifies (the campaign key is the venue's campaign, and again 0 for "every
campaign"; a sub-venue's session type is its main session's). Its rows are *refreshed* per
person like the reach rows: a change deletes the affected persons' rows no longer justified
and inserts the justified ones (ignoring duplicates):
- attendance insert / delete / update: the person's (old and new) rows;
- activity update of campaign, type, region or main session: the rows of everyone at it and
  at its sub-venues (whose session type is its type).
`TypeAudienceCount` counts them per region path (every level's prefix of the venue's path):
`persons` distinct under the path, `own` at exactly the path. Its triggers are on
`TypeAudience` itself: a row inserted adds 1 at each prefix where the person had no other
row of that key and type, a row deleted takes 1 where none is left. A region's path changed
(its code corrected) recounts the table.

The coverage totals read two more (`RegionCount`, `HouseholdCount`): per region path (every
prefix of a person's region path), the persons registered (key `RESIDENTS`, 0) and those each
campaign reached (key = the campaign), party members, and households with a member under the
path — each under the path and exactly at it. Their triggers are on `people_person` (insert,
delete, update of region, household or party status) and on the reach rows (which copy those
from the person), and never look at the other rows: the rows counted add to their
households' members under each prefix (`HouseholdCount`) and to the region counts, a
household whose members there went from 0 being one more household; rows taken out do the
reverse. The statements are written once over a relation of the changed rows: on SQLite a
row trigger's `NEW` / `OLD`, on PostgreSQL a statement trigger's transition tables, so an
import's COPY or a whole household moved counts its rows in one pass (row triggers there
fire after the statement, and updating the same count rows once per row of a large COPY
grows slower with every row). A region's path changed recounts them too.

`rebuild()` recomputes the tables from the source (after a bulk load with triggers off, or
by `sanwei rebuild_coverage`); `drift()` counts how far the tables are from that
recomputation (0 when true): the tests call it after random writes through every path.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection as default_connection
from django.db import transaction

from sanwei.regions.models import PATH_LENGTH

REACHING_PILLAR = "classroom"  # engine.REACHING_PILLAR (Pillar.CLASSROOM)
REACH = "coverage_campaignreach"
AUDIENCE = "coverage_activityaudience"
TYPE_AUDIENCE = "coverage_typeaudience"
TYPE_COUNT = "coverage_typeaudiencecount"
# The path lengths of the levels, as a one-column table (`column1` in both dialects).
LENGTHS = "(VALUES " + ", ".join(f"({n})" for n in sorted(set(PATH_LENGTH.values()))) + ")"


def _reached(person: str, campaign: str) -> str:
    """SQL: the person has an audience attendance at a reaching activity of the campaign."""
    return f"""SELECT 1 FROM activities_attendance x
        JOIN activities_activity xa ON xa.id = x.activity_id
        JOIN activities_activitytype xt ON xt.id = xa.activity_type_id
        WHERE x.person_id = {person} AND xa.campaign_id = {campaign}
          AND x.role = 'audience' AND xt.pillar = '{REACHING_PILLAR}'"""


REACH_COLUMNS = "(campaign_id, person_id, region_id, household_id, is_party_member)"
PERSON_VALUES = "p.id, p.region_id, p.household_id, p.party_status <> ''"

# --- attendance ---------------------------------------------------------------------
COUNT_NEW = f"""INSERT INTO {AUDIENCE} (activity_id, named)
    SELECT NEW.activity_id, 1 WHERE NEW.role = 'audience'
    ON CONFLICT (activity_id) DO UPDATE SET named = {AUDIENCE}.named + 1"""
REACH_NEW = f"""INSERT INTO {REACH} {REACH_COLUMNS}
    SELECT a.campaign_id, {PERSON_VALUES}
    FROM activities_activity a
    JOIN activities_activitytype t ON t.id = a.activity_type_id
    JOIN people_person p ON p.id = NEW.person_id
    WHERE a.id = NEW.activity_id AND NEW.role = 'audience' AND t.pillar = '{REACHING_PILLAR}'
    ON CONFLICT (campaign_id, person_id) DO NOTHING"""
COUNT_OLD = f"""UPDATE {AUDIENCE} SET named = named - 1
    WHERE activity_id = OLD.activity_id AND OLD.role = 'audience'"""
REACH_OLD = f"""DELETE FROM {REACH}
    WHERE person_id = OLD.person_id AND OLD.role = 'audience'
      AND campaign_id = (SELECT campaign_id FROM activities_activity WHERE id = OLD.activity_id)
      AND NOT EXISTS ({_reached(f"{REACH}.person_id", f"{REACH}.campaign_id")})"""

# --- activity ------------------------------------------------------------------------
ACTIVITY_REACH_OLD = f"""DELETE FROM {REACH}
    WHERE campaign_id = OLD.campaign_id
      AND person_id IN (SELECT person_id FROM activities_attendance
                        WHERE activity_id = OLD.id AND role = 'audience')
      AND NOT EXISTS ({_reached(f"{REACH}.person_id", f"{REACH}.campaign_id")})"""
ACTIVITY_REACH_NEW = f"""INSERT INTO {REACH} {REACH_COLUMNS}
    SELECT NEW.campaign_id, {PERSON_VALUES}
    FROM activities_attendance at
    JOIN people_person p ON p.id = at.person_id
    JOIN activities_activitytype t ON t.id = NEW.activity_type_id
    WHERE at.activity_id = NEW.id AND at.role = 'audience' AND t.pillar = '{REACHING_PILLAR}'
    ON CONFLICT (campaign_id, person_id) DO NOTHING"""
ACTIVITY_COUNT_GONE = f"DELETE FROM {AUDIENCE} WHERE activity_id = OLD.id"

# --- activity type -------------------------------------------------------------------
TYPE_REACH_OLD = f"""DELETE FROM {REACH}
    WHERE campaign_id IN (SELECT campaign_id FROM activities_activity
                          WHERE activity_type_id = NEW.id)
      AND person_id IN (SELECT at.person_id FROM activities_attendance at
                        JOIN activities_activity a ON a.id = at.activity_id
                        WHERE a.activity_type_id = NEW.id AND at.role = 'audience')
      AND NOT EXISTS ({_reached(f"{REACH}.person_id", f"{REACH}.campaign_id")})"""
TYPE_REACH_NEW = f"""INSERT INTO {REACH} {REACH_COLUMNS}
    SELECT DISTINCT a.campaign_id, {PERSON_VALUES}
    FROM activities_attendance at
    JOIN activities_activity a ON a.id = at.activity_id
    JOIN people_person p ON p.id = at.person_id
    WHERE a.activity_type_id = NEW.id AND at.role = 'audience'
      AND NEW.pillar = '{REACHING_PILLAR}'
    ON CONFLICT (campaign_id, person_id) DO NOTHING"""

# --- person --------------------------------------------------------------------------
PERSON_COPY = f"""UPDATE {REACH} SET region_id = NEW.region_id,
    household_id = NEW.household_id, is_party_member = (NEW.party_status <> '')
    WHERE person_id = NEW.id"""
PERSON_MOVED = (
    "OLD.region_id <> NEW.region_id OR OLD.party_status <> NEW.party_status"
    " OR OLD.household_id IS DISTINCT FROM NEW.household_id"
)
# PostgreSQL: the same copy for every person a statement changed, in one UPDATE over the
# statement trigger's transition tables, so the reach counts' statement trigger fires once
# for the person statement (a row trigger here fired it once per person, each time
# rewriting the same count rows: a town's 5,000 persons moved took minutes).
PERSON_COPY_ROWS = f"""UPDATE {REACH} SET region_id = n.region_id,
    household_id = n.household_id, is_party_member = (n.party_status <> '')
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE {REACH}.person_id = n.id
      AND ({PERSON_MOVED.replace("OLD.", "o.").replace("NEW.", "n.")})"""

# --- type audience -------------------------------------------------------------------
TYPE_AUDIENCE_COLUMNS = "(person_id, campaign_key, activity_type_id, region_id)"


def _type_audience_source(where: str) -> str:
    """SQL: the type audience rows that the audience attendances matching `where` justify
    (`at` the attendance, `a` its venue, `m` the venue's main session)."""
    return f"""SELECT DISTINCT at.person_id,
        CASE WHEN k.column1 = 0 THEN 0 ELSE a.campaign_id END,
        coalesce(m.activity_type_id, a.activity_type_id), a.region_id
    FROM activities_attendance at
    JOIN activities_activity a ON a.id = at.activity_id
    LEFT JOIN activities_activity m ON m.id = a.main_session_id
    CROSS JOIN (VALUES (0), (1)) AS k
    WHERE at.role = 'audience' AND {where}"""


def _type_audience_prune(persons: str) -> str:
    """SQL: delete the rows of `persons` (an SQL set) that no attendance justifies now."""
    row = TYPE_AUDIENCE
    return f"""DELETE FROM {row} WHERE person_id IN ({persons}) AND NOT EXISTS (
        SELECT 1 FROM activities_attendance at
        JOIN activities_activity a ON a.id = at.activity_id
        LEFT JOIN activities_activity m ON m.id = a.main_session_id
        WHERE at.person_id = {row}.person_id AND at.role = 'audience'
          AND a.region_id = {row}.region_id
          AND coalesce(m.activity_type_id, a.activity_type_id) = {row}.activity_type_id
          AND ({row}.campaign_key = 0 OR a.campaign_id = {row}.campaign_key))"""


def _type_audience_add(where: str) -> str:
    return (
        f"INSERT INTO {TYPE_AUDIENCE} {TYPE_AUDIENCE_COLUMNS} {_type_audience_source(where)}"
        " ON CONFLICT (person_id, campaign_key, activity_type_id, region_id) DO NOTHING"
    )


TYPE_ATT_NEW = _type_audience_add("at.id = NEW.id")
TYPE_ATT_OLD = _type_audience_prune("SELECT OLD.person_id")
# An activity and its sub-venues (their session type is its type).
_SESSION_PERSONS = """SELECT person_id FROM activities_attendance WHERE activity_id IN
    (SELECT id FROM activities_activity WHERE id = NEW.id OR main_session_id = NEW.id)"""
TYPE_ACT_OLD = _type_audience_prune(_SESSION_PERSONS)
TYPE_ACT_NEW = _type_audience_add(
    "at.activity_id IN (SELECT id FROM activities_activity"
    " WHERE id = NEW.id OR main_session_id = NEW.id)"
)


def _others_under(row: str, prefix: str) -> str:
    """SQL: another type audience row of `row`'s person, key and type under `prefix`."""
    return f"""SELECT 1 FROM {TYPE_AUDIENCE} o JOIN regions_region orr ON orr.id = o.region_id
        WHERE o.person_id = {row}.person_id AND o.campaign_key = {row}.campaign_key
          AND o.activity_type_id = {row}.activity_type_id AND o.region_id <> {row}.region_id
          AND substr(orr.path, 1, length({prefix})) = {prefix}"""


COUNT_COLUMNS = "(campaign_key, path, activity_type_id, persons, own)"
COUNT_ADD = f"""INSERT INTO {TYPE_COUNT} {COUNT_COLUMNS}
    SELECT NEW.campaign_key, substr(r.path, 1, l.column1), NEW.activity_type_id,
        CASE WHEN EXISTS ({_others_under("NEW", "substr(r.path, 1, l.column1)")})
             THEN 0 ELSE 1 END,
        CASE WHEN l.column1 = length(r.path) THEN 1 ELSE 0 END
    FROM regions_region r CROSS JOIN {LENGTHS} AS l
    WHERE r.id = NEW.region_id AND l.column1 <= length(r.path)
    ON CONFLICT (campaign_key, path, activity_type_id) DO UPDATE
    SET persons = {TYPE_COUNT}.persons + excluded.persons, own = {TYPE_COUNT}.own + excluded.own"""
COUNT_SUB = f"""UPDATE {TYPE_COUNT}
    SET persons = persons - CASE WHEN EXISTS ({_others_under("OLD", f"{TYPE_COUNT}.path")})
                                 THEN 0 ELSE 1 END,
        own = own - CASE WHEN path = (SELECT path FROM regions_region WHERE id = OLD.region_id)
                         THEN 1 ELSE 0 END
    WHERE campaign_key = OLD.campaign_key AND activity_type_id = OLD.activity_type_id
      AND path IN (SELECT substr(r.path, 1, l.column1)
                   FROM regions_region r CROSS JOIN {LENGTHS} AS l
                   WHERE r.id = OLD.region_id AND l.column1 <= length(r.path))"""
# The counts recomputed from the type audience rows, in the table's column order.
COUNT_SOURCE = f"""SELECT t.campaign_key, substr(r.path, 1, l.column1), t.activity_type_id,
        count(DISTINCT t.person_id), sum(CASE WHEN l.column1 = length(r.path) THEN 1 ELSE 0 END)
    FROM {TYPE_AUDIENCE} t JOIN regions_region r ON r.id = t.region_id
    CROSS JOIN {LENGTHS} AS l
    WHERE l.column1 <= length(r.path)
    GROUP BY t.campaign_key, substr(r.path, 1, l.column1), t.activity_type_id"""
COUNT_CLEAR = f"DELETE FROM {TYPE_COUNT}"
COUNT_RECOUNT = f"INSERT INTO {TYPE_COUNT} {COUNT_COLUMNS} {COUNT_SOURCE}"

# --- residents and reached per region path -------------------------------------------
REGION_COUNT = "coverage_regioncount"
HOUSEHOLD_COUNT = "coverage_householdcount"
REGION_COUNT_COLUMNS = (
    "(campaign_key, path, persons, party_members, households,"
    " own_persons, own_party_members, own_households)"
)
HOUSEHOLD_COUNT_COLUMNS = "(campaign_key, household_id, path, members, own)"


@dataclass(frozen=True)
class Counted:
    """A table whose rows are counted per region path: its key expression (`RESIDENTS` or
    the campaign) and party flag (0/1), both over a row alias (`NEW`, `OLD`, `x`)."""

    table: str
    key: str  # SQL over "{row}"
    party: str  # SQL over "{row}"


RESIDENT_ROWS = Counted(
    "people_person", "0", "CASE WHEN {row}.party_status <> '' THEN 1 ELSE 0 END"
)
REACH_ROWS = Counted(
    REACH, "{row}.campaign_id", "CASE WHEN {row}.is_party_member THEN 1 ELSE 0 END"
)


def _changed_rows(rows: Counted, alias: str) -> str:
    """SQL: the (campaign_key, household_id, region_id, party) of the rows `alias` names —
    `NEW` or `OLD` (a row trigger: one row), or a PostgreSQL transition table."""
    columns = (
        f"{rows.key.format(row=alias)} AS campaign_key, {alias}.household_id AS household_id,"
        f" {alias}.region_id AS region_id, {rows.party.format(row=alias)} AS party"
    )
    if alias in ("NEW", "OLD"):
        return f"(SELECT {columns})"
    return f"(SELECT {columns} FROM {alias} {alias})"


def _per_prefix(changed: str) -> str:
    """SQL: the changed rows per (key, household, prefix of their region path): how many
    (`n`), party members, and those exactly at the path (`own`, `own_party`)."""
    own = "CASE WHEN l.column1 = length(r.path) THEN 1 ELSE 0 END"
    return f"""(SELECT x.campaign_key, x.household_id, substr(r.path, 1, l.column1) AS path,
        count(*) AS n, sum(x.party) AS party, sum({own}) AS own, sum({own} * x.party) AS own_party
    FROM {changed} x JOIN regions_region r ON r.id = x.region_id CROSS JOIN {LENGTHS} AS l
    WHERE l.column1 <= length(r.path)
    GROUP BY x.campaign_key, x.household_id, substr(r.path, 1, l.column1))"""


_HOUSEHOLD_OF = f"""LEFT JOIN {HOUSEHOLD_COUNT} h ON h.campaign_key = d.campaign_key
        AND h.household_id = d.household_id AND h.path = d.path"""


def _count_add(changed: str) -> tuple[str, ...]:
    """SQL: count the `changed` rows (inserted, or their new values) in: their households'
    members under each prefix of their region path, then the region counts (a household
    whose member count under a prefix went from 0 to the rows added is one more there)."""
    d = _per_prefix(changed)
    members = f"""INSERT INTO {HOUSEHOLD_COUNT} {HOUSEHOLD_COUNT_COLUMNS}
    SELECT d.campaign_key, d.household_id, d.path, d.n, d.own FROM {d} d
    WHERE d.household_id IS NOT NULL
    ON CONFLICT (campaign_key, household_id, path) DO UPDATE
    SET members = {HOUSEHOLD_COUNT}.members + excluded.members,
        own = {HOUSEHOLD_COUNT}.own + excluded.own"""
    counts = f"""INSERT INTO {REGION_COUNT} {REGION_COUNT_COLUMNS}
    SELECT d.campaign_key, d.path, sum(d.n), sum(d.party),
        sum(CASE WHEN h.members = d.n THEN 1 ELSE 0 END), sum(d.own), sum(d.own_party),
        sum(CASE WHEN d.own > 0 AND h.own = d.own THEN 1 ELSE 0 END)
    FROM {d} d {_HOUSEHOLD_OF}
    WHERE 1 = 1
    GROUP BY d.campaign_key, d.path
    ON CONFLICT (campaign_key, path) DO UPDATE SET
        persons = {REGION_COUNT}.persons + excluded.persons,
        party_members = {REGION_COUNT}.party_members + excluded.party_members,
        households = {REGION_COUNT}.households + excluded.households,
        own_persons = {REGION_COUNT}.own_persons + excluded.own_persons,
        own_party_members = {REGION_COUNT}.own_party_members + excluded.own_party_members,
        own_households = {REGION_COUNT}.own_households + excluded.own_households"""
    return members, counts


def _count_sub(changed: str) -> tuple[str, ...]:
    """SQL: take the `changed` rows (deleted, or their old values) out: their households'
    members under each prefix, the region counts (a household left with no member under a
    prefix is one fewer there), then the households' rows at 0."""
    d = _per_prefix(changed)
    members = f"""UPDATE {HOUSEHOLD_COUNT}
    SET members = {HOUSEHOLD_COUNT}.members - d.n, own = {HOUSEHOLD_COUNT}.own - d.own
    FROM {d} d
    WHERE {HOUSEHOLD_COUNT}.campaign_key = d.campaign_key
      AND {HOUSEHOLD_COUNT}.household_id = d.household_id AND {HOUSEHOLD_COUNT}.path = d.path"""
    c = REGION_COUNT
    counts = f"""UPDATE {c} SET persons = {c}.persons - g.n,
        party_members = {c}.party_members - g.party, households = {c}.households - g.emptied,
        own_persons = {c}.own_persons - g.own,
        own_party_members = {c}.own_party_members - g.own_party,
        own_households = {c}.own_households - g.own_emptied
    FROM (SELECT d.campaign_key, d.path, sum(d.n) AS n, sum(d.party) AS party,
              sum(CASE WHEN h.members = 0 THEN 1 ELSE 0 END) AS emptied, sum(d.own) AS own,
              sum(d.own_party) AS own_party,
              sum(CASE WHEN d.own > 0 AND h.own = 0 THEN 1 ELSE 0 END) AS own_emptied
          FROM {d} d {_HOUSEHOLD_OF}
          GROUP BY d.campaign_key, d.path) g
    WHERE {REGION_COUNT}.campaign_key = g.campaign_key AND {REGION_COUNT}.path = g.path"""
    # Looked up by key from the prefixes just taken out (the rows that can have reached 0).
    # `members = 0` is a join clause (`0 * d.n`), not a filter the planner estimates from
    # the table's statistics: there no row is at 0, so a bulk update's thousands of new
    # zeros were estimated at 1 and each compared with every changed prefix (n²).
    gone = f"""DELETE FROM {HOUSEHOLD_COUNT} WHERE (campaign_key, household_id, path, members) IN
        (SELECT d.campaign_key, d.household_id, d.path, 0 * d.n FROM {d} d)"""
    return members, counts, gone


def count_statements(rows: Counted, event: str, when: str, vendor: str) -> tuple[str, ...]:
    """The statements of a counted table's trigger for `event`. SQLite: a row trigger over
    `NEW` / `OLD`. PostgreSQL: a statement trigger over the transition tables `new_rows` /
    `old_rows` (an update's rows joined by id, kept where `when` holds), so a statement
    that writes many rows (an import's COPY, a whole household moved) counts them in one
    pass instead of updating the same count rows once per row."""
    if vendor != "postgresql":
        old, new = _changed_rows(rows, "OLD"), _changed_rows(rows, "NEW")
    elif event.startswith("UPDATE"):
        moved = when.replace("OLD.", "old_rows.").replace("NEW.", "new_rows.")
        pairs = f"old_rows JOIN new_rows ON new_rows.id = old_rows.id WHERE {moved}"
        old = _changed_rows(rows, "old_rows").replace("FROM old_rows old_rows", f"FROM {pairs}")
        new = _changed_rows(rows, "new_rows").replace("FROM new_rows new_rows", f"FROM {pairs}")
    else:
        old, new = _changed_rows(rows, "old_rows"), _changed_rows(rows, "new_rows")
    if event == "INSERT":
        return _count_add(new)
    if event == "DELETE":
        return _count_sub(old)
    return (*_count_sub(old), *_count_add(new))


def _counted_source(rows: Counted) -> str:
    """SQL: (key, household, region path, party) of every row of the counted table."""
    return f"""SELECT {rows.key.format(row="x")} AS campaign_key, x.household_id,
        xr.path AS region_path, {rows.party.format(row="x")} AS party
    FROM {rows.table} x JOIN regions_region xr ON xr.id = x.region_id"""


# Every counted row (residents and reach rows), with each prefix of its region path.
_COUNTED = f"""(SELECT c.campaign_key, c.household_id, c.party,
        substr(c.region_path, 1, l.column1) AS path,
        CASE WHEN l.column1 = length(c.region_path) THEN 1 ELSE 0 END AS own
    FROM ({_counted_source(RESIDENT_ROWS)} UNION ALL {_counted_source(REACH_ROWS)}) c
    CROSS JOIN {LENGTHS} AS l WHERE l.column1 <= length(c.region_path)) n"""
# The counts recomputed from the person and reach rows, in the tables' column order.
REGION_COUNT_SOURCE = f"""SELECT n.campaign_key, n.path, count(*), sum(n.party),
        count(DISTINCT n.household_id), sum(n.own), sum(n.own * n.party),
        count(DISTINCT CASE WHEN n.own = 1 THEN n.household_id END)
    FROM {_COUNTED} GROUP BY n.campaign_key, n.path"""
HOUSEHOLD_COUNT_SOURCE = f"""SELECT n.campaign_key, n.household_id, n.path, count(*), sum(n.own)
    FROM {_COUNTED} WHERE n.household_id IS NOT NULL
    GROUP BY n.campaign_key, n.household_id, n.path"""
REGION_COUNT_CLEAR = (f"DELETE FROM {REGION_COUNT}", f"DELETE FROM {HOUSEHOLD_COUNT}")
REGION_COUNT_RECOUNT = (
    f"INSERT INTO {REGION_COUNT} {REGION_COUNT_COLUMNS} {REGION_COUNT_SOURCE}",
    f"INSERT INTO {HOUSEHOLD_COUNT} {HOUSEHOLD_COUNT_COLUMNS} {HOUSEHOLD_COUNT_SOURCE}",
)


@dataclass(frozen=True)
class Trigger:
    name: str
    table: str
    event: str  # INSERT, DELETE or UPDATE [OF columns]
    when: str  # a condition on NEW/OLD, or ""
    statements: tuple[str, ...] = ()
    # A counted table's trigger: its statements are made per dialect (`count_statements`).
    counted: Counted | None = None
    # PostgreSQL: a statement trigger running these over the transition tables `old_rows`
    # / `new_rows` instead of `statements` per row (SQLite has only row triggers).
    rows_statements: tuple[str, ...] = ()


TRIGGERS = (
    Trigger(
        "sanwei_att_ins",
        "activities_attendance",
        "INSERT",
        "",
        (COUNT_NEW, REACH_NEW, TYPE_ATT_NEW),
    ),
    Trigger(
        "sanwei_att_del",
        "activities_attendance",
        "DELETE",
        "",
        (COUNT_OLD, REACH_OLD, TYPE_ATT_OLD),
    ),
    Trigger(
        "sanwei_att_upd",
        "activities_attendance",
        "UPDATE OF activity_id, person_id, role",
        "OLD.activity_id <> NEW.activity_id OR OLD.person_id <> NEW.person_id"
        " OR OLD.role <> NEW.role",
        (COUNT_OLD, REACH_OLD, TYPE_ATT_OLD, COUNT_NEW, REACH_NEW, TYPE_ATT_NEW),
    ),
    Trigger(
        "sanwei_act_type_aud",
        "activities_activity",
        "UPDATE OF campaign_id, activity_type_id, region_id, main_session_id",
        "OLD.campaign_id <> NEW.campaign_id OR OLD.activity_type_id <> NEW.activity_type_id"
        " OR OLD.region_id <> NEW.region_id"
        " OR OLD.main_session_id IS DISTINCT FROM NEW.main_session_id",
        (TYPE_ACT_OLD, TYPE_ACT_NEW),
    ),
    Trigger(
        "sanwei_act_upd",
        "activities_activity",
        "UPDATE OF campaign_id, activity_type_id",
        "OLD.campaign_id <> NEW.campaign_id OR OLD.activity_type_id <> NEW.activity_type_id",
        (ACTIVITY_REACH_OLD, ACTIVITY_REACH_NEW),
    ),
    Trigger(
        "sanwei_act_del",
        "activities_activity",
        "DELETE",
        "",
        (ACTIVITY_COUNT_GONE, ACTIVITY_REACH_OLD),
    ),
    Trigger(
        "sanwei_type_upd",
        "activities_activitytype",
        "UPDATE OF pillar",
        "OLD.pillar <> NEW.pillar",
        (TYPE_REACH_OLD, TYPE_REACH_NEW),
    ),
    Trigger(
        "sanwei_person_upd",
        "people_person",
        "UPDATE OF region_id, household_id, party_status",
        PERSON_MOVED,
        (PERSON_COPY,),
        rows_statements=(PERSON_COPY_ROWS,),
    ),
    Trigger("sanwei_typeaud_ins", TYPE_AUDIENCE, "INSERT", "", (COUNT_ADD,)),
    Trigger("sanwei_typeaud_del", TYPE_AUDIENCE, "DELETE", "", (COUNT_SUB,)),
    Trigger(
        "sanwei_region_path",
        "regions_region",
        "UPDATE OF path",
        "OLD.path <> NEW.path",
        (COUNT_CLEAR, COUNT_RECOUNT, *REGION_COUNT_CLEAR, *REGION_COUNT_RECOUNT),
    ),
    Trigger("sanwei_person_count_ins", "people_person", "INSERT", "", counted=RESIDENT_ROWS),
    Trigger("sanwei_person_count_del", "people_person", "DELETE", "", counted=RESIDENT_ROWS),
    Trigger(
        "sanwei_person_count_upd",
        "people_person",
        "UPDATE OF region_id, household_id, party_status",
        "OLD.region_id <> NEW.region_id OR OLD.party_status <> NEW.party_status"
        " OR OLD.household_id IS DISTINCT FROM NEW.household_id",
        counted=RESIDENT_ROWS,
    ),
    Trigger("sanwei_reach_count_ins", REACH, "INSERT", "", counted=REACH_ROWS),
    Trigger("sanwei_reach_count_del", REACH, "DELETE", "", counted=REACH_ROWS),
    Trigger(
        "sanwei_reach_count_upd",
        REACH,
        "UPDATE OF campaign_id, region_id, household_id, is_party_member",
        "OLD.campaign_id <> NEW.campaign_id OR OLD.region_id <> NEW.region_id"
        " OR OLD.is_party_member <> NEW.is_party_member"
        " OR OLD.household_id IS DISTINCT FROM NEW.household_id",
        counted=REACH_ROWS,
    ),
)
# Off while `rebuild()` refills the rows (the counts are then recounted in one statement).
COUNT_TRIGGERS = tuple(t for t in TRIGGERS if t.table == TYPE_AUDIENCE)
REGION_COUNT_TRIGGERS = tuple(t for t in TRIGGERS if t.name.startswith("sanwei_reach_count"))


def _sqlite_when(condition: str) -> str:
    # SQLite spells IS DISTINCT FROM as IS NOT.
    return condition.replace("IS DISTINCT FROM", "IS NOT")


def create_statements(vendor: str, triggers: tuple[Trigger, ...] = TRIGGERS) -> list[str]:
    out = []
    for t in triggers:
        statements = t.statements
        if t.counted is not None:
            statements = count_statements(t.counted, t.event, t.when, vendor)
        per_statement = t.counted is not None or bool(t.rows_statements)
        if vendor == "postgresql":
            if t.rows_statements:
                statements = t.rows_statements
            if per_statement:
                # Run through EXECUTE, so each is planned for the transition tables' size
                # of this statement. A plain statement's plan is cached for the session
                # from its first call: planned for a one-row update, it then joined a
                # 20,000-row update's old and new rows in a nested loop (n², minutes).
                statements = tuple(f"EXECUTE $sql${s}$sql$" for s in statements)
            body = ";\n".join(statements)
            # No JIT for a statement trigger's statements: their row estimates over the
            # transition tables' joins are far too high (250,000 for 5,000 persons), so
            # each was JIT-compiled, ~70 ms apiece, more than the work itself.
            options = " SET jit = off" if per_statement else ""
            out.append(
                f"CREATE OR REPLACE FUNCTION {t.name}() RETURNS trigger LANGUAGE plpgsql{options}"
                f" AS $$\nBEGIN\n{body};\nRETURN NULL;\nEND $$"
            )
            out.append(f"DROP TRIGGER IF EXISTS {t.name} ON {t.table}")
            if per_statement:
                # A statement trigger: transition tables allow no column list and no WHEN.
                event = t.event.split(" OF ")[0]
                tables = {
                    "INSERT": "NEW TABLE AS new_rows",
                    "DELETE": "OLD TABLE AS old_rows",
                    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
                }[event]
                out.append(
                    f"CREATE TRIGGER {t.name} AFTER {event} ON {t.table} REFERENCING {tables}"
                    f" FOR EACH STATEMENT EXECUTE FUNCTION {t.name}()"
                )
                continue
            when = f" WHEN ({t.when})" if t.when else ""
            out.append(
                f"CREATE TRIGGER {t.name} AFTER {t.event} ON {t.table}"
                f" FOR EACH ROW{when} EXECUTE FUNCTION {t.name}()"
            )
        elif vendor == "sqlite":
            body = "".join(f"{s};\n" for s in statements)
            when = f" WHEN {_sqlite_when(t.when)}" if t.when else ""
            out.append(f"DROP TRIGGER IF EXISTS {t.name}")
            out.append(
                f"CREATE TRIGGER {t.name} AFTER {t.event} ON {t.table}"
                f" FOR EACH ROW{when} BEGIN\n{body}END"
            )
        else:
            raise NotImplementedError(f"coverage summary triggers for {vendor}")
    return out


def drop_statements(vendor: str, triggers: tuple[Trigger, ...] = TRIGGERS) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP FUNCTION IF EXISTS {t.name}() CASCADE" for t in triggers]
    return [f"DROP TRIGGER IF EXISTS {t.name}" for t in triggers]


# The full recomputation, as SELECTs in the tables' column order.
REACH_SOURCE = f"""SELECT DISTINCT a.campaign_id, {PERSON_VALUES}
    FROM activities_attendance at
    JOIN activities_activity a ON a.id = at.activity_id
    JOIN activities_activitytype t ON t.id = a.activity_type_id
    JOIN people_person p ON p.id = at.person_id
    WHERE at.role = 'audience' AND t.pillar = '{REACHING_PILLAR}'"""
AUDIENCE_SOURCE = """SELECT activity_id, count(*) FROM activities_attendance
    WHERE role = 'audience' GROUP BY activity_id"""
TYPE_AUDIENCE_SOURCE = _type_audience_source("1 = 1")


def install(connection=default_connection) -> None:
    """Create (or replace) the triggers on `connection`'s database."""
    with connection.cursor() as cursor:
        for statement in create_statements(connection.vendor):
            cursor.execute(statement)


def uninstall(connection=default_connection) -> None:
    with connection.cursor() as cursor:
        for statement in drop_statements(connection.vendor):
            cursor.execute(statement)


@dataclass(frozen=True)
class Rebuilt:
    reach: int  # reach rows
    activities: int  # activities with named audience
    type_audience: int  # type audience rows
    type_counts: int  # type audience count rows
    region_counts: int  # residents' and reached persons' count rows (per key and path)


def rebuild(connection=default_connection) -> Rebuilt:
    """Recompute every table from the source rows (the count triggers off meanwhile, the
    counts recounted at once)."""
    vendor = connection.vendor
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in drop_statements(vendor, REGION_COUNT_TRIGGERS):
            cursor.execute(statement)
        cursor.execute(f"DELETE FROM {REACH}")
        cursor.execute(f"INSERT INTO {REACH} {REACH_COLUMNS} {REACH_SOURCE}")
        reach = cursor.rowcount
        for statement in REGION_COUNT_CLEAR:
            cursor.execute(statement)
        cursor.execute(REGION_COUNT_RECOUNT[0])
        region_counts = cursor.rowcount
        cursor.execute(REGION_COUNT_RECOUNT[1])
        for statement in create_statements(vendor, REGION_COUNT_TRIGGERS):
            cursor.execute(statement)
        cursor.execute(f"DELETE FROM {AUDIENCE}")
        cursor.execute(f"INSERT INTO {AUDIENCE} (activity_id, named) {AUDIENCE_SOURCE}")
        activities = cursor.rowcount
        for statement in drop_statements(vendor, COUNT_TRIGGERS):
            cursor.execute(statement)
        cursor.execute(f"DELETE FROM {TYPE_AUDIENCE}")
        cursor.execute(
            f"INSERT INTO {TYPE_AUDIENCE} {TYPE_AUDIENCE_COLUMNS} {TYPE_AUDIENCE_SOURCE}"
        )
        type_audience = cursor.rowcount
        cursor.execute(COUNT_CLEAR)
        cursor.execute(COUNT_RECOUNT)
        type_counts = cursor.rowcount
        for statement in create_statements(vendor, COUNT_TRIGGERS):
            cursor.execute(statement)
        return Rebuilt(reach, activities, type_audience, type_counts, region_counts)


def drift(connection=default_connection) -> dict[str, int]:
    """Rows by which each table differs from a full recomputation (all 0 when true).
    An activity without named audience may be absent or have a row with 0."""
    stored_reach = (
        f"SELECT campaign_id, person_id, region_id, household_id, is_party_member FROM {REACH}"
    )
    stored_audience = f"SELECT activity_id, named FROM {AUDIENCE} WHERE named <> 0"
    stored_type_audience = f"SELECT {TYPE_AUDIENCE_COLUMNS[1:-1]} FROM {TYPE_AUDIENCE}"
    stored_counts = f"SELECT {COUNT_COLUMNS[1:-1]} FROM {TYPE_COUNT} WHERE persons <> 0 OR own <> 0"
    stored_region_counts = (
        f"SELECT {REGION_COUNT_COLUMNS[1:-1]} FROM {REGION_COUNT}"
        " WHERE persons <> 0 OR party_members <> 0 OR households <> 0 OR own_persons <> 0"
        " OR own_party_members <> 0 OR own_households <> 0"
    )
    stored_household_counts = (
        f"SELECT {HOUSEHOLD_COUNT_COLUMNS[1:-1]} FROM {HOUSEHOLD_COUNT}"
        " WHERE members <> 0 OR own <> 0"
    )
    with connection.cursor() as cursor:

        def count(sql: str) -> int:
            cursor.execute(f"SELECT count(*) FROM ({sql}) d")
            return cursor.fetchone()[0]

        return {
            "reach_missing": count(f"{REACH_SOURCE} EXCEPT {stored_reach}"),
            "reach_extra": count(f"{stored_reach} EXCEPT {REACH_SOURCE}"),
            "audience_missing": count(f"{AUDIENCE_SOURCE} EXCEPT {stored_audience}"),
            "audience_extra": count(f"{stored_audience} EXCEPT {AUDIENCE_SOURCE}"),
            "type_audience_missing": count(f"{TYPE_AUDIENCE_SOURCE} EXCEPT {stored_type_audience}"),
            "type_audience_extra": count(f"{stored_type_audience} EXCEPT {TYPE_AUDIENCE_SOURCE}"),
            # The counts against a recount of the stored rows: the rows are checked above.
            "type_counts_missing": count(f"{COUNT_SOURCE} EXCEPT {stored_counts}"),
            "type_counts_extra": count(f"{stored_counts} EXCEPT {COUNT_SOURCE}"),
            # Residents and reached per region path against the person and reach rows.
            "region_counts_missing": count(f"{REGION_COUNT_SOURCE} EXCEPT {stored_region_counts}"),
            "region_counts_extra": count(f"{stored_region_counts} EXCEPT {REGION_COUNT_SOURCE}"),
            "household_counts_missing": count(
                f"{HOUSEHOLD_COUNT_SOURCE} EXCEPT {stored_household_counts}"
            ),
            "household_counts_extra": count(
                f"{stored_household_counts} EXCEPT {HOUSEHOLD_COUNT_SOURCE}"
            ),
        }
