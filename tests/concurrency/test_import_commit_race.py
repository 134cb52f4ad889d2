"""Real concurrent import commits: threads, each with its own database connection.

- Overlapping files into one town (two into the town, two into one of its villages), all
  previewed while nothing was registered, so each job's preview says its three people are
  new; their commits are confirmed at once on the page. `imports.services.commit` takes
  `lock_import_region` (an advisory lock on the town) before it classifies, so each commit
  classifies against what the ones before it wrote: three people and one household in
  all. The control removes that lock: several commits are past their classification at
  the same moment and every one inserts the same people again.
- The same job confirmed on the page by several clients at once: one commit.
- The same job's commit task delivered twice (a worker's redelivery): the job row's lock
  (`select_for_update`) lets the first commit it; the second finds it committed and
  leaves it so. The control removes the job row's lock: the job is committed twice.

The rows carry no ID number, so no unique constraint stands behind the lock (with ID
numbers the constraint would refuse the second insert, and the whole second import would
fail). PostgreSQL only, for the reason given in test_attendance_race.py (SQLite's single
write lock, taken at the start of the commit's transaction, serialises them).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanwei.accounts.models import Role
from sanwei.accounts.permissions import SYSTEM
from sanwei.core.models import ActionLog
from sanwei.core.scoping import scopes_disabled
from sanwei.imports import services, tasks
from sanwei.imports.models import ImportJob, ImportStatus
from sanwei.people.models import Household, Person

from ..factories import user_with_role
from ..imports.conftest import write_xlsx
from .conftest import THREADS, CheckProbe, logged_in_clients, run_together

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.postgresql_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROWS = [
    ["姓名", "性别", "出生日期", "村（社区）", "户主姓名", "与户主关系"],
    ["张三", "男", "1950-01-01", "东岳观村", "张三", "户主"],
    ["李四", "女", "1952-02-02", "东岳观村", "张三", "配偶"],
    ["张小五", "男", "1980-03-03", "东岳观村", "张三", "子"],
]


@pytest.fixture
def town_admin(tree):
    return user_with_role(Role.TOWN_ADMIN, tree["town"], username="town_admin")


@pytest.fixture
def probe(monkeypatch) -> CheckProbe:
    """A commit past its classification goes on to `_apply` (the writes): count those."""
    probe = CheckProbe()
    monkeypatch.setattr(services, "_apply", probe.wrap(services._apply))
    return probe


@pytest.fixture
def without_region_lock(monkeypatch) -> None:
    """The control: the commit does not take the town's import lock."""
    monkeypatch.setattr(services, "lock_import_region", lambda root: None)


@pytest.fixture
def without_job_lock(monkeypatch) -> None:
    """The control: the commit's `select_for_update()` of the job becomes a plain read.

    The uploaded file is also kept after the commit: without the job lock the second
    delivery, serialised behind the first by the region lock, would otherwise find the
    file already removed by the first and fail before it wrote (a timing-dependent
    outcome, seen in CI), instead of showing the double commit the control is about."""
    manager = ImportJob.unscoped
    monkeypatch.setitem(vars(manager), "select_for_update", lambda *a, **kw: manager.all())
    monkeypatch.setattr(services, "_delete_files", lambda job: None)


def _previewed(tmp_path, region, name: str) -> ImportJob:
    path = write_xlsx(tmp_path / name, ROWS)
    with scopes_disabled(), open(path, "rb") as f:
        job = services.preview(services.create_job(f, "persons", region, SYSTEM))
    assert (job.status, job.counts["new"]) == (ImportStatus.PREVIEWED, 3), job.error_message
    return job


def _overlapping_jobs(tmp_path, tree) -> list[ImportJob]:
    return [
        _previewed(tmp_path, tree["town"], "town-1.xlsx"),
        _previewed(tmp_path, tree["village_a"], "village-1.xlsx"),
        _previewed(tmp_path, tree["town"], "town-2.xlsx"),
        _previewed(tmp_path, tree["village_a"], "village-2.xlsx"),
    ]


def _commit_on_the_page_at_once(clients, jobs) -> None:
    calls = [
        lambda c=c, job=job: c.post(reverse("imports:import_commit", args=[job.pk]))
        for c, job in zip(clients, jobs, strict=True)
    ]
    outcomes = run_together(calls)
    assert [o.response.status_code for o in outcomes] == [302] * len(jobs)


def _commit_logs() -> int:
    return ActionLog.objects.filter(action_type="sanwei.import.committed").count()


def test_overlapping_imports_committed_at_once_write_each_person_once(
    tmp_path, tree, town_admin, probe
):
    jobs = _overlapping_jobs(tmp_path, tree)

    _commit_on_the_page_at_once(logged_in_clients(town_admin, len(jobs)), jobs)

    assert Person.unscoped.count() == 3
    assert Household.unscoped.count() == 1
    committed = ImportJob.unscoped.filter(status=ImportStatus.COMMITTED)
    # The first commit found them new; each later one, the people the first wrote.
    assert sorted((j.counts["new"], j.counts["unchanged"]) for j in committed) == [
        (0, 3),
        (0, 3),
        (0, 3),
        (3, 0),
    ]
    assert (probe.passed, probe.most_at_once) == (4, 1)


def test_control_without_the_region_lock_overlapping_imports_write_the_people_again(
    tmp_path, tree, town_admin, probe, without_region_lock
):
    jobs = _overlapping_jobs(tmp_path, tree)

    _commit_on_the_page_at_once(logged_in_clients(town_admin, len(jobs)), jobs)

    # The race is real: several commits were past their classification at once...
    assert probe.most_at_once >= 2
    # ...and each of them inserted the three people and their household again.
    doubled = ImportJob.unscoped.filter(status=ImportStatus.COMMITTED, counts__new=3).count()
    assert doubled >= 2
    assert Person.unscoped.count() == 3 * doubled
    assert Household.unscoped.count() == doubled


def test_one_job_confirmed_by_several_clients_at_once_is_committed_once(
    tmp_path, tree, town_admin, probe
):
    job = _previewed(tmp_path, tree["town"], "town.xlsx")

    _commit_on_the_page_at_once(logged_in_clients(town_admin), [job] * THREADS)

    job.refresh_from_db()
    assert (job.status, job.counts["new"]) == (ImportStatus.COMMITTED, 3)
    assert Person.unscoped.count() == 3
    assert _commit_logs() == 1
    assert probe.passed == 1


def _commit_task_delivered_twice(job: ImportJob, user) -> list[str]:
    # What the page's confirmation leaves for the worker.
    ImportJob.unscoped.filter(pk=job.pk).update(status=ImportStatus.COMMITTING, committed_by=user)
    outcomes = run_together([lambda: tasks.commit_import(job.pk, user.pk)] * 2)
    return sorted(o.response for o in outcomes)


def test_a_commit_task_delivered_twice_at_once_commits_the_job_once(
    tmp_path, tree, town_admin, probe
):
    job = _previewed(tmp_path, tree["town"], "town.xlsx")

    statuses = _commit_task_delivered_twice(job, town_admin)

    assert statuses == [ImportStatus.COMMITTED, ImportStatus.COMMITTED]
    job.refresh_from_db()
    # The second delivery left the first's outcome alone (not marked failed, counts kept).
    assert (job.status, job.counts["new"], job.error_message) == (ImportStatus.COMMITTED, 3, "")
    assert Person.unscoped.count() == 3
    assert _commit_logs() == 1
    assert probe.passed == 1


def test_control_without_the_job_lock_a_task_delivered_twice_commits_the_job_twice(
    tmp_path, tree, town_admin, probe, without_job_lock
):
    job = _previewed(tmp_path, tree["town"], "town.xlsx")

    _commit_task_delivered_twice(job, town_admin)

    # Both deliveries went on to write, and the job was committed twice: the second
    # (serialised behind the first by the region lock) found the people it had to add
    # already there and overwrote the job's counts with "unchanged".
    assert probe.passed == 2
    assert _commit_logs() == 2
    job.refresh_from_db()
    assert (job.counts["new"], job.counts["unchanged"]) == (0, 3)
    assert Person.unscoped.count() == 3
