"""A commit that fails part-way leaves the database exactly as it was, and says so."""

import datetime as dt

import pytest

from sanwei.core.models import ActionLog
from sanwei.imports import services
from sanwei.people.models import Household, Person
from sanwei.teams.models import Membership, TeamKind

from ..factories import (
    ActivityFactory,
    AttendanceFactory,
    HouseholdFactory,
    PersonFactory,
    TeamFactory,
)
from .conftest import db_fingerprint, id_number, preview_file, write_xlsx

HEADER = ["姓名", "身份证号", "手机号码", "村（社区）", "户主姓名", "与户主关系"]


@pytest.fixture
def registered(tree):
    """A household of village A with its head and an attendance, already registered."""
    household = HouseholdFactory(region=tree["village_a"], number="H1")
    head = PersonFactory(
        region=tree["village_a"],
        household=household,
        relation_to_head="head",
        name="张三",
        birth_date=dt.date(1960, 1, 1),
        id_number=id_number(dt.date(1960, 1, 1), "M", 1),
    )
    AttendanceFactory(activity=ActivityFactory(region=tree["village_a"]), person=head)
    return head


@pytest.fixture
def roster(tmp_path, registered):
    rows = [HEADER]
    # the registered head gets a phone (an update) and a household of new members
    rows.append(["张三", id_number(dt.date(1960, 1, 1), "M", 1), "13800000000", "东岳观村",
                 "张三", "户主"])  # fmt: skip
    for n in range(1, 30):
        birth = dt.date(1990, 1, 1) + dt.timedelta(days=n)
        rows.append([f"张{n}", id_number(birth, "M", n), "", "东岳观村", "张三", "子"])
    rows.append(["李四", "", "", "双岗村", "李四", "户主"])  # a new household
    return write_xlsx(tmp_path / "roster.xlsx", rows)


@pytest.mark.parametrize("where", ["bulk_update", "log_action"])
def test_failed_commit_changes_nothing_and_marks_the_job_failed(
    tree, town_admin, roster, monkeypatch, where
):
    job = preview_file(roster, tree["town"], town_admin)
    assert job.counts["new"] == 30 and job.counts["updated"] == 1
    before = db_fingerprint()
    logs_before = ActionLog.objects.count()

    def boom(*args, **kwargs):
        # By now households and people have been inserted: the failure is mid-commit.
        assert Person.unscoped.filter(name="张1").exists()
        assert Household.unscoped.count() == 3
        raise RuntimeError("disk full")

    if where == "bulk_update":
        monkeypatch.setattr(Person.unscoped, "bulk_update", boom)
    else:
        original = type(job).log_action

        def failing_log(self, action_type, **kwargs):
            if action_type == "sanwei.import.committed":
                boom()
            return original(self, action_type, **kwargs)

        monkeypatch.setattr(type(job), "log_action", failing_log)

    job = services.commit(job, town_admin)

    assert job.status == "failed"
    assert job.error_message == "导入失败，数据未作任何改动：写入数据库时出错"
    assert db_fingerprint() == before
    assert ActionLog.objects.count() == logs_before
    assert not ActionLog.objects.filter(action_type="sanwei.import.committed").exists()
    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at is not None
    assert job.file  # kept, so the import can be checked again and retried


def test_a_failed_import_can_be_checked_again_and_committed(tree, town_admin, roster, monkeypatch):
    job = preview_file(roster, tree["town"], town_admin)
    with monkeypatch.context() as m:
        m.setattr(services._Inserter, "insert", lambda *a, **k: 1 / 0)
        job = services.commit(job, town_admin)
    assert job.status == "failed"

    job = services.preview(job)
    job = services.commit(job, town_admin)

    assert job.status == "committed"
    assert Person.unscoped.count() == 31


def test_a_failed_commit_leaves_no_squad_membership(tree, town_admin, tmp_path, monkeypatch):
    squad = TeamFactory(name="东岳观村志愿小队", kind=TeamKind.SQUAD, region=tree["village_a"])
    registered = PersonFactory(
        region=tree["village_a"], name="王五", id_number=id_number(dt.date(1980, 1, 1), "M", 3)
    )
    path = write_xlsx(
        tmp_path / "volunteers.xlsx",
        [
            ["姓名", "身份证号", "村（社区）", "志愿者", "技能特长"],
            ["王五", registered.id_number, "东岳观村", "是", ""],  # joins: a stored person
            ["赵六", id_number(dt.date(1985, 1, 1), "M", 4), "东岳观村", "是", "电工"],  # new
        ],
    )
    job = preview_file(path, tree["town"], town_admin)
    assert (job.counts["new"], job.counts["updated"]) == (1, 1)
    before = db_fingerprint()
    original = type(job).log_action

    def failing_log(self, action_type, **kwargs):
        if action_type == "sanwei.import.committed":
            # By now both memberships have been written: the failure is mid-commit.
            assert Membership.unscoped.filter(team=squad).count() == 2
            raise RuntimeError("disk full")
        return original(self, action_type, **kwargs)

    monkeypatch.setattr(type(job), "log_action", failing_log)

    job = services.commit(job, town_admin)

    assert job.status == "failed"
    assert not Membership.unscoped.exists()
    assert not Person.unscoped.filter(name="赵六").exists()
    assert db_fingerprint() == before
