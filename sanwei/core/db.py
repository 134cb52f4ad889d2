"""Database errors recognised by constraint name, the same on PostgreSQL and SQLite.

Services that let the database enforce a rule (one head per household, one person per
ID number, ...) catch `IntegrityError` and ask `violated_constraint(e)` which named
constraint refused the row, never by searching the message text themselves.
"""

from __future__ import annotations

import re

from django.apps import apps
from django.db import IntegrityError, models

# SQLite names the constraint of a CHECK, and the table and columns of a UNIQUE.
_SQLITE_CHECK = re.compile(r"CHECK constraint failed: (\w+)")
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (.+)$")
_SQLITE_INDEX = re.compile(r"index '(\w+)'")


def violated_constraint(exc: IntegrityError) -> str | None:
    """The name of the constraint `exc` reports, or None when it names none we declared
    (e.g. a NOT NULL or foreign-key failure)."""
    diag = getattr(exc.__cause__, "diag", None)  # psycopg (PostgreSQL)
    if diag is not None:
        return getattr(diag, "constraint_name", None)
    message = str(exc)
    if match := _SQLITE_CHECK.search(message):
        return match.group(1)
    if match := _SQLITE_UNIQUE.search(message):
        target = match.group(1).strip()
        if index := _SQLITE_INDEX.match(target):
            return index.group(1)
        return _unique_constraint_on(target)
    return None


def _unique_constraint_on(target: str) -> str | None:
    """`people_person.household_id, ...` → the UniqueConstraint declared on exactly
    those columns of that table."""
    pairs = [part.strip().split(".", 1) for part in target.split(",")]
    tables = {table for table, _column in pairs}
    if len(tables) != 1 or any(len(pair) != 2 for pair in pairs):
        return None
    table = tables.pop()
    columns = {column for _table, column in pairs}
    for model in apps.get_models():
        if model._meta.db_table != table:
            continue
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
                declared = {model._meta.get_field(name).column for name in constraint.fields}
                if declared == columns:
                    return constraint.name
    return None
