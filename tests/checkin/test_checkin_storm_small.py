"""The check-in storm benchmark (bench/checkin_storm.py) at a tiny scale on PostgreSQL: the
real production server, residents checking in through the public page with double taps,
and exactly one attendance each afterwards. Keeps the benchmark from breaking unnoticed;
its timing is the benchmark's business, not this test's."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.postgresql_only  # deselected on SQLite, see tests/conftest.py
@pytest.mark.django_db
def test_a_small_storm_records_every_resident_exactly_once():
    name = f"sanwei_storm_ci_{os.getpid()}"
    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/postgres"
    env = {**os.environ, "DATABASE_URL": url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    try:
        result = subprocess.run(
            [
                *(sys.executable, str(ROOT / "bench" / "checkin_storm.py")),
                *("--residents", "20", "--seconds", "3", "--double-every", "5"),
                *("--database", name),
            ],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        import psycopg

        admin = urllib.parse.urlunsplit(urllib.parse.urlsplit(url))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    out = result.stdout + result.stderr
    assert "statuses: {200: 24} client failures: {}" in out, out
    expected = "database: 20 attendances of 20 persons for 20 residents, 0 doubled, 0 unverified"
    assert expected in out, out
