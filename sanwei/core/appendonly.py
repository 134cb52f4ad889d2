"""Database triggers that keep the action log append-only below the app: an UPDATE or a
DELETE of `core_actionlog` is refused by the database itself, whoever sends it (a bug, a
shell, a script). One update is let through: Django emptying `user_id` when an account is
deleted (everything else in the row unchanged).

PostgreSQL: a row trigger; emptying a database with TRUNCATE (Django's `flush` there, a
restore's DROP) is untouched. SQLite: two triggers; the DELETE one asks the function
`sanwei_log_locked()`, which every connection of the app registers (`register_function`,
on `connection_created`) and which answers "unlocked" only while Django's `flush` empties
the whole database (`flushing`). A connection without the function (the sqlite3 shell)
fails on it, so a DELETE is refused there too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection as default_connection

MESSAGE = "the action log is append-only"
_flushing: ContextVar[bool] = ContextVar("sanwei_flushing", default=False)

_COLUMNS = (
    "id", "content_type_id", "object_id", "region_path", "action_type", "data",
    "ip_address", "via", "created_at",
)  # fmt: skip


def create_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"""
            CREATE OR REPLACE FUNCTION core_actionlog_append_only() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'UPDATE' AND OLD.user_id IS NOT NULL AND NEW.user_id IS NULL
                   AND (to_jsonb(NEW) - 'user_id') = (to_jsonb(OLD) - 'user_id') THEN
                    RETURN NEW;
                END IF;
                RAISE EXCEPTION '{MESSAGE} (%)', TG_OP;
            END $$
            """,
            "DROP TRIGGER IF EXISTS core_actionlog_append_only ON core_actionlog",
            """
            CREATE TRIGGER core_actionlog_append_only
            BEFORE UPDATE OR DELETE ON core_actionlog
            FOR EACH ROW EXECUTE FUNCTION core_actionlog_append_only()
            """,
        ]
    if vendor == "sqlite":
        unchanged = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in _COLUMNS)
        return [
            f"""
            CREATE TRIGGER IF NOT EXISTS core_actionlog_no_update
            BEFORE UPDATE ON core_actionlog
            WHEN NOT (OLD.user_id IS NOT NULL AND NEW.user_id IS NULL AND {unchanged})
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
            """,
            f"""
            CREATE TRIGGER IF NOT EXISTS core_actionlog_no_delete
            BEFORE DELETE ON core_actionlog
            WHEN sanwei_log_locked()
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
            """,
        ]
    raise NotImplementedError(f"append-only action log triggers for {vendor}")


def drop_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            "DROP TRIGGER IF EXISTS core_actionlog_append_only ON core_actionlog",
            "DROP FUNCTION IF EXISTS core_actionlog_append_only()",
        ]
    if vendor == "sqlite":
        return [
            "DROP TRIGGER IF EXISTS core_actionlog_no_update",
            "DROP TRIGGER IF EXISTS core_actionlog_no_delete",
        ]
    raise NotImplementedError(f"append-only action log triggers for {vendor}")


def install(connection=default_connection) -> None:
    with connection.cursor() as cursor:
        for statement in create_statements(connection.vendor):
            cursor.execute(statement)


def uninstall(connection=default_connection) -> None:
    with connection.cursor() as cursor:
        for statement in drop_statements(connection.vendor):
            cursor.execute(statement)


def _log_locked() -> int:
    return 0 if _flushing.get() else 1


def register_function(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: a SQLite connection gets `sanwei_log_locked()`, and
    its `flush` (the one way Django empties every table) runs `flushing`."""
    if connection.vendor != "sqlite":
        return
    connection.connection.create_function("sanwei_log_locked", 0, _log_locked)
    ops = connection.ops
    if "execute_sql_flush" not in vars(ops):
        original = ops.execute_sql_flush

        def execute_sql_flush(sql_list):
            with flushing():
                return original(sql_list)

        ops.execute_sql_flush = execute_sql_flush


@contextmanager
def flushing() -> Iterator[None]:
    """While Django's `flush` empties every table (tests, `sanwei flush`)."""
    token = _flushing.set(True)
    try:
        yield
    finally:
        _flushing.reset(token)
