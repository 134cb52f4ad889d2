"""The coverage summary tables (`CampaignReach`, `ActivityAudience`) and the triggers that
keep them true, for PostgreSQL and SQLite.

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
- person update of region, household or party status: copied onto their reach rows.

`rebuild()` recomputes both tables from the source (after a bulk load with triggers off, or
by `sanwei rebuild_coverage`); `drift()` counts how far the tables are from that
recomputation (0 when true): the tests call it after random writes through every path.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection as default_connection
from django.db import transaction

REACHING_PILLAR = "classroom"  # engine.REACHING_PILLAR (Pillar.CLASSROOM)
REACH = "coverage_campaignreach"
AUDIENCE = "coverage_activityaudience"


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


@dataclass(frozen=True)
class Trigger:
    name: str
    table: str
    event: str  # INSERT, DELETE or UPDATE [OF columns]
    when: str  # a condition on NEW/OLD, or ""
    statements: tuple[str, ...]


TRIGGERS = (
    Trigger("sanwei_att_ins", "activities_attendance", "INSERT", "", (COUNT_NEW, REACH_NEW)),
    Trigger("sanwei_att_del", "activities_attendance", "DELETE", "", (COUNT_OLD, REACH_OLD)),
    Trigger(
        "sanwei_att_upd",
        "activities_attendance",
        "UPDATE OF activity_id, person_id, role",
        "OLD.activity_id <> NEW.activity_id OR OLD.person_id <> NEW.person_id"
        " OR OLD.role <> NEW.role",
        (COUNT_OLD, REACH_OLD, COUNT_NEW, REACH_NEW),
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
        "OLD.region_id <> NEW.region_id OR OLD.party_status <> NEW.party_status"
        " OR OLD.household_id IS DISTINCT FROM NEW.household_id",
        (PERSON_COPY,),
    ),
)


def _sqlite_when(condition: str) -> str:
    # SQLite spells IS DISTINCT FROM as IS NOT.
    return condition.replace("IS DISTINCT FROM", "IS NOT")


def create_statements(vendor: str) -> list[str]:
    out = []
    for t in TRIGGERS:
        if vendor == "postgresql":
            body = ";\n".join(t.statements)
            out.append(
                f"CREATE OR REPLACE FUNCTION {t.name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                f"BEGIN\n{body};\nRETURN NULL;\nEND $$"
            )
            when = f" WHEN ({t.when})" if t.when else ""
            out.append(f"DROP TRIGGER IF EXISTS {t.name} ON {t.table}")
            out.append(
                f"CREATE TRIGGER {t.name} AFTER {t.event} ON {t.table}"
                f" FOR EACH ROW{when} EXECUTE FUNCTION {t.name}()"
            )
        elif vendor == "sqlite":
            body = "".join(f"{s};\n" for s in t.statements)
            when = f" WHEN {_sqlite_when(t.when)}" if t.when else ""
            out.append(f"DROP TRIGGER IF EXISTS {t.name}")
            out.append(
                f"CREATE TRIGGER {t.name} AFTER {t.event} ON {t.table}"
                f" FOR EACH ROW{when} BEGIN\n{body}END"
            )
        else:
            raise NotImplementedError(f"coverage summary triggers for {vendor}")
    return out


def drop_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP FUNCTION IF EXISTS {t.name}() CASCADE" for t in TRIGGERS]
    return [f"DROP TRIGGER IF EXISTS {t.name}" for t in TRIGGERS]


# The full recomputation, as SELECTs in the tables' column order.
REACH_SOURCE = f"""SELECT DISTINCT a.campaign_id, {PERSON_VALUES}
    FROM activities_attendance at
    JOIN activities_activity a ON a.id = at.activity_id
    JOIN activities_activitytype t ON t.id = a.activity_type_id
    JOIN people_person p ON p.id = at.person_id
    WHERE at.role = 'audience' AND t.pillar = '{REACHING_PILLAR}'"""
AUDIENCE_SOURCE = """SELECT activity_id, count(*) FROM activities_attendance
    WHERE role = 'audience' GROUP BY activity_id"""


def install(connection=default_connection) -> None:
    """Create (or replace) the triggers on `connection`'s database."""
    with connection.cursor() as cursor:
        for statement in create_statements(connection.vendor):
            cursor.execute(statement)


def uninstall(connection=default_connection) -> None:
    with connection.cursor() as cursor:
        for statement in drop_statements(connection.vendor):
            cursor.execute(statement)


def rebuild(connection=default_connection) -> tuple[int, int]:
    """Recompute both tables from the source rows; returns (reach rows, activities)."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {REACH}")
        cursor.execute(f"INSERT INTO {REACH} {REACH_COLUMNS} {REACH_SOURCE}")
        reach = cursor.rowcount
        cursor.execute(f"DELETE FROM {AUDIENCE}")
        cursor.execute(f"INSERT INTO {AUDIENCE} (activity_id, named) {AUDIENCE_SOURCE}")
        return reach, cursor.rowcount


def drift(connection=default_connection) -> dict[str, int]:
    """Rows by which each table differs from a full recomputation (all 0 when true).
    An activity without named audience may be absent or have a row with 0."""
    stored_reach = (
        f"SELECT campaign_id, person_id, region_id, household_id, is_party_member FROM {REACH}"
    )
    stored_audience = f"SELECT activity_id, named FROM {AUDIENCE} WHERE named <> 0"
    with connection.cursor() as cursor:

        def count(sql: str) -> int:
            cursor.execute(f"SELECT count(*) FROM ({sql}) d")
            return cursor.fetchone()[0]

        return {
            "reach_missing": count(f"{REACH_SOURCE} EXCEPT {stored_reach}"),
            "reach_extra": count(f"{stored_reach} EXCEPT {REACH_SOURCE}"),
            "audience_missing": count(f"{AUDIENCE_SOURCE} EXCEPT {stored_audience}"),
            "audience_extra": count(f"{stored_audience} EXCEPT {AUDIENCE_SOURCE}"),
        }
