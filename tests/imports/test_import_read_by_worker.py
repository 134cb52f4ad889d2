"""A large file is read by a worker process beside the import's own
(`services._normalised`): the worker reads the rows and normalises every other block of
them, the import's process the blocks between, and the rows come out as without it, in
file order. Forced here on small files: every file, blocks of two rows."""

import multiprocessing
import os

import pytest

from sanwei.imports import readers, services
from sanwei.people.models import Person

from .conftest import errors_of, import_file, preview_file, write_csv, write_xlsx
from .test_import_namesake_heads import EXPECTED, households, roster

HEADER = ["姓名", "出生日期", "村（社区）", "组", "户主姓名", "与户主关系"]


@pytest.fixture
def worker(monkeypatch):
    monkeypatch.setattr(services, "WORKER_MIN_BYTES", 0)
    monkeypatch.setattr(services, "WORKER_BLOCK", 2)


def test_namesake_heads_get_their_members_when_a_worker_reads_the_file(
    tree, groups, town_admin, tmp_path, worker
):
    job = import_file(write_xlsx(tmp_path / "a.xlsx", roster()), tree["town"], town_admin)

    assert job.status == "committed", job.error_message
    assert errors_of(job) == {}
    assert (job.counts["new"], job.counts["households_new"]) == (11, 4)
    assert households() == EXPECTED
    assert multiprocessing.active_children() == []


def test_invalid_rows_in_either_process_blocks_are_counted_once_and_not_written(
    tree, groups, town_admin, tmp_path, worker
):
    rows = [
        HEADER,
        ["张建国", "1960-01-01", "东岳观村", "一组", "张建国", "户主"],  # line 2: worker
        ["李秀英", "1962年13月40日", "东岳观村", "一组", "张建国", "妻子"],  # 3: worker
        ["张伟", "1985-03-03", "东岳观村", "一组", "张建国", "长子"],  # 4: this process
        ["王强", "不详", "东岳观村", "二组", "王强", "户主"],  # 5: this process
        ["刘芳", "1972-08-08", "东岳观村", "二组", "王强", "配偶"],  # 6: worker
        ["陈明", "1950-01-01", "双岗村", "3组", "陈明", "户主"],  # 7: worker
    ]

    job = import_file(write_csv(tmp_path / "a.csv", rows), tree["town"], town_admin)

    assert job.status == "committed", job.error_message
    errors = errors_of(job)
    assert sorted(errors) == [3, 5, 6]
    assert errors[3] == ["出生日期“1962年13月40日”无法识别"]
    assert errors[5] == ["出生日期“不详”无法识别"]
    assert errors[6] == ["户主“王强”所在的第5行有错误，请先更正"]
    counts = job.counts
    assert (counts["rows"], counts["new"], counts["invalid"], counts["households_new"]) == (
        6,
        3,
        3,
        2,
    )
    assert sorted(Person.unscoped.values_list("name", flat=True)) == ["张伟", "张建国", "陈明"]


def test_a_worker_that_dies_fails_the_check_with_a_clear_message_and_writes_nothing(
    tree, groups, town_admin, tmp_path, worker, monkeypatch
):
    def dies(table, normaliser, sender):
        os._exit(3)

    monkeypatch.setattr(services, "_worker_main", dies)

    job = preview_file(write_xlsx(tmp_path / "a.xlsx", roster()), tree["town"], town_admin)

    assert job.status == "failed"
    assert job.error_message == "检查文件时读取文件的进程意外退出，请重新检查；如仍失败请联系管理员"
    assert not job.records_file
    assert not Person.unscoped.exists()
    assert multiprocessing.active_children() == []


def test_a_file_the_worker_cannot_read_on_is_refused_with_the_readers_message(
    tree, groups, town_admin, tmp_path, worker, monkeypatch
):
    rows = readers.Table.rows

    def breaks_after_three(table):
        for n, row in enumerate(rows(table)):
            if n == 3:
                raise readers.ReadError("corrupt", "文件已损坏，无法读取")
            yield row

    monkeypatch.setattr(readers.Table, "rows", breaks_after_three)

    job = preview_file(write_xlsx(tmp_path / "a.xlsx", roster()), tree["town"], town_admin)

    assert job.status == "failed"
    assert job.error_message == "文件已损坏，无法读取"
    assert not Person.unscoped.exists()
    assert multiprocessing.active_children() == []
