import os

import pytest
from django_scopes import scopes_disabled

from sanwei.accounts.models import Role

from .factories import build_town_tree, user_with_role


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # PBKDF2 costs seconds per user; the tests are not about password hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background work inline, so a test sees its result; tests of the thread turn it on.
    settings.TASKS_IN_THREAD = False


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """PostgreSQL, for the test run only, on every connection of it (threads' and the live
    server's too): a commit does not wait for its WAL to reach the disk (a crash could
    lose the last commits of a test database, nothing else: fsync stays on), and no JIT
    compilation (it costs more than it saves on the tests' small tables, hundreds of ms
    per query whose estimate crosses jit_above_cost on tables never analysed)."""
    from django.db import connections

    for alias in connections:
        settings_dict = connections[alias].settings_dict
        if settings_dict["ENGINE"].endswith("postgresql"):
            options = settings_dict.setdefault("OPTIONS", {})
            given = options.get("options", "")
            options["options"] = f"{given} -c synchronous_commit=off -c jit=off".strip()
            connections[alias].close()


@pytest.fixture(scope="session", autouse=True)
def _plain_http_and_one_step_logins():
    """For the whole run, before the live server's middleware reads them (it keeps them):
    - CI runs the suite with DEBUG=0, so production's HTTPS settings are on; the test client
      and the live server speak plain http, so no redirect to https (the production settings
      themselves are checked by tests/accounts/test_deploy_check.py);
    - two-factor login is required of superusers and town admins in production; the tests
      log them in directly (tests/accounts/test_two_factor_login.py turns it on)."""
    from django.test import override_settings

    with override_settings(SECURE_SSL_REDIRECT=False, SANWEI_OTP_REQUIRED=False):
        yield


@pytest.fixture(scope="session", autouse=True)
def _snapshot_restored_into_empty_tables():
    """A transactional test with `serialized_rollback` restores the migrated data's snapshot
    at its start, on the assumption that the tables are empty. They are not always: a test
    whose flush ran with post_migrate (see below) leaves content types under new ids, and
    restoring the snapshot over them fails on their unique key. Empty the tables first
    (without post_migrate), so the restore always starts from nothing."""
    from django.core.management import call_command
    from django.db.backends.base.creation import BaseDatabaseCreation

    original = BaseDatabaseCreation.deserialize_db_from_string

    def deserialize_into_empty_tables(self, data):
        call_command(
            "flush",
            database=self.connection.alias,
            interactive=False,
            verbosity=0,
            inhibit_post_migrate=True,
        )
        return original(self, data)

    BaseDatabaseCreation.deserialize_db_from_string = deserialize_into_empty_tables
    yield
    BaseDatabaseCreation.deserialize_db_from_string = original


@pytest.fixture(scope="session", autouse=True)
def _flush_by_deleting_the_rows_there_are():
    """PostgreSQL: a transactional test's flush (at its end, and before the snapshot is
    restored, see above) is one TRUNCATE of all ~75 tables, which gives every table and
    index a new file and drops the old ones at commit: 1-3 s per flush on a loaded machine,
    twice per transactional test. The tables hold a few rows by then; delete the rows of
    those that hold any, in one transaction, with triggers off for it (the action log's
    append-only trigger refuses a DELETE; the coverage counters' triggers would recount;
    foreign keys are triggers too: every table is emptied, so none is left dangling), and
    restart the sequences where TRUNCATE was asked to. Needs a superuser (to switch the
    triggers off, as CI's postgres is); otherwise the TRUNCATE stays."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        tables = list(tables)
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('is_superuser') = 'on'")
            superuser = cursor.fetchone()[0]
            if not tables or not superuser:
                return original(
                    self,
                    style,
                    tables,
                    reset_sequences=reset_sequences,
                    allow_cascade=allow_cascade,
                )
            cursor.execute(
                " UNION ALL ".join(
                    f"SELECT %s WHERE EXISTS (SELECT 1 FROM {self.quote_name(t)})" for t in tables
                ),
                tables,
            )
            holding = [row[0] for row in cursor.fetchall()]
        sql = ["SET LOCAL session_replication_role = replica"]
        sql += [f"DELETE FROM {self.quote_name(t)}" for t in holding]
        if reset_sequences:
            names = ", ".join("'" + t.replace("'", "''") + "'" for t in tables)
            sql.append(
                "SELECT setval(s.oid::regclass, 1, false) FROM pg_class s"
                " JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid"
                " AND d.deptype IN ('a', 'i')"
                " JOIN pg_class t ON t.oid = d.refobjid"
                f" WHERE s.relkind = 'S' AND t.relname = ANY (ARRAY[{names}])"
            )
        # Back on for the rest of the transaction, should the flush run inside one.
        sql.append("SET LOCAL session_replication_role = DEFAULT")
        return sql

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


@pytest.fixture(autouse=True)
def _transactional_tests_start_clean(request):
    """Transactional tests (browser, races) empty the tables between tests; content types
    then come back under new ids. The process-wide ContentType cache must not outlive that
    (a stale id breaks the action log's foreign key), and every connection object must
    carry the migrated data's snapshot, also the one a test reaches from inside
    Playwright's event loop, where `connections` resolves afresh: otherwise Django flushes
    with post_migrate (content types recreated under new ids) and the next test's restore
    of the snapshot collides with them."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if not transactional:
        yield
        return
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            type(connections[alias])._test_serialized_contents = contents
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def unscoped():
    """Tests set up data outside any request; requests still get the user's scope."""
    with scopes_disabled():
        yield


@pytest.fixture
def tree(db, unscoped):
    return build_town_tree()


@pytest.fixture
def town_admin(tree):
    return user_with_role(Role.TOWN_ADMIN, tree["town"], username="town_admin")


@pytest.fixture
def secretary_a(tree):
    return user_with_role(Role.VILLAGE_SECRETARY, tree["village_a"], username="secretary_a")


@pytest.fixture
def secretary_b(tree):
    return user_with_role(Role.VILLAGE_SECRETARY, tree["village_b"], username="secretary_b")


@pytest.fixture
def county_viewer(tree):
    return user_with_role(Role.COUNTY_VIEWER, tree["county"], username="county_viewer")


@pytest.fixture
def volunteer_a(tree):
    return user_with_role(Role.VOLUNTEER, tree["village_a"], username="volunteer_a")


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def pytest_collection_modifyitems(config, items):
    """Deselect (not skip) what this run cannot exercise:
    - the real-worker Celery test needs Redis, PostgreSQL and a worker process: it runs in
      its own step of .ci/run (SANWEI_TEST_CELERY=1);
    - tests marked `postgresql_only` (registered in pyproject.toml) on any database but PostgreSQL:
      races need a database where transactions really overlap (the SQLite test database
      serialises writers, so there is no race to show), and the small runs of the
      benchmarks that target PostgreSQL (the check-in storm, the coverage triggers) need
      it too. Deselected, not skipped: a SQLite run reports no skips, and none hides a
      missing feature. .ci/run runs the whole suite on PostgreSQL too."""
    from django.conf import settings

    on_postgresql = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    with_celery = os.environ.get("SANWEI_TEST_CELERY") == "1"

    def wanted(item) -> bool:
        if not with_celery and item.get_closest_marker("celery_worker"):
            return False
        return on_postgresql or not item.get_closest_marker("postgresql_only")

    deselected = [i for i in items if not wanted(i)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [i for i in items if wanted(i)]
