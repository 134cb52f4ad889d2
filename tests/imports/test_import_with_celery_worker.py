"""The page flow against a real Celery worker and Redis (the deployment with REDIS_URL).

Runs only when SANWEI_TEST_CELERY=1, in its own pytest run with REDIS_URL and a
PostgreSQL DATABASE_URL (the worker is another process and must see the test database):

    SANWEI_TEST_CELERY=1 REDIS_URL=redis://127.0.0.1:6379/15 \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanwei_celery \\
    .venv/bin/python -m pytest -p no:xdist tests/imports/test_import_with_celery_worker.py

The test starts the worker itself (`celery -A sanwei worker --pool=solo`), pointed at the
test database and the test's media folder, and stops it at the end.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from sanwei.core.tasks import Progress
from sanwei.imports.models import ImportJob
from sanwei.people.models import Household, Person

from .conftest import id_number, write_xlsx

# Collected only with SANWEI_TEST_CELERY=1 (tests/conftest.py deselects it otherwise);
# .ci/run runs it in its own step against Redis and PostgreSQL.
pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]
TIMEOUT = 120


def _database_url() -> str:
    db = connection.settings_dict
    user = quote(db.get("USER") or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path, settings):
    assert django_settings.REDIS_URL, "SANWEI_TEST_CELERY=1 needs REDIS_URL"
    assert not django_settings.CELERY_TASK_ALWAYS_EAGER
    assert connection.vendor == "postgresql", "the worker needs a PostgreSQL test database"
    settings.MEDIA_ROOT = tmp_path / "media"  # what SANWEI_DATA_DIR gives the worker
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "SANWEI_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "sanwei.settings",
    }
    log = open(tmp_path / "worker.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "sanwei", "worker", "--pool=solo",
         "--concurrency=1", "--loglevel=INFO", "--without-gossip", "--without-mingle"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def wait_for(job: ImportJob, statuses: set[str], worker, tmp_path) -> ImportJob:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
        time.sleep(0.2)
    raise AssertionError(
        f"job still {job.status}; worker log:\n{(tmp_path / 'worker.log').read_text()}"
    )


def test_upload_preview_and_commit_run_on_the_worker(tree, town_admin, login, worker, tmp_path):
    rows = [["姓名", "身份证号", "村（社区）", "户主姓名", "与户主关系"]]
    for n in range(1, 200):
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=n)
        rows.append([f"居民{n}", id_number(birth, "M", n), "东岳观村", "居民1", "户主" if n == 1
                     else "子"])  # fmt: skip
    rows.append(["王五", "123", "东岳观村", "", ""])
    path = write_xlsx(tmp_path / "roster.xlsx", rows)
    client = login(town_admin)

    response = client.post(
        reverse("imports:import_create"),
        {
            "kind": "persons",
            "region": tree["town"].pk,
            "file": SimpleUploadedFile("roster.xlsx", path.read_bytes()),
        },
    )

    assert response.status_code == 302
    job = ImportJob.unscoped.get()
    assert job.task_id  # a real Celery task id
    assert client.get(response["Location"]).status_code == 200  # while the worker works
    job = wait_for(job, {"previewed", "failed"}, worker, tmp_path)
    assert job.status == "previewed", job.error_message
    assert (job.counts["new"], job.counts["invalid"]) == (199, 1)
    assert Progress(f"import:{job.pk}").read().finished  # progress crossed processes (Redis)
    assert Person.unscoped.count() == 0

    response = client.post(reverse("imports:import_commit", args=[job.pk]))

    assert response.status_code == 302
    job = wait_for(job, {"committed", "failed"}, worker, tmp_path)
    assert job.status == "committed", job.error_message
    assert Person.unscoped.count() == 199
    assert Household.unscoped.get().members.count() == 199
    page = client.get(reverse("imports:import_detail", args=[job.pk])).content.decode()
    assert "导入结果" in page
