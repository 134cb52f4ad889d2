"""On PostgreSQL the commit keeps one COPY of new people open from chunk to chunk (the
database takes in a chunk's rows while the next is prepared): a failure in the middle of
it, with rows of earlier chunks already sent, leaves nothing written; without one, every
row is written once, into its household (SQLite writes each chunk on its own: the same)."""

import datetime as dt

import pytest

from sanwei.imports import services
from sanwei.people.models import Household, Person

from .conftest import db_fingerprint, id_number, preview_file, write_xlsx

HEADER = ["姓名", "身份证号", "村（社区）", "组", "户主姓名", "与户主关系"]
HOUSEHOLDS = {  # head → members, three households of three, heads first
    "张建国": ["李秀英", "张伟"],
    "王强": ["刘芳", "王磊"],
    "陈明": ["赵丽", "陈杰"],
}


@pytest.fixture
def roster(tmp_path):
    rows = [HEADER]
    seq = 0
    for head, members in HOUSEHOLDS.items():
        for name in [head, *members]:
            seq += 1
            number = id_number(dt.date(1960, 1, 1) + dt.timedelta(days=seq), "M", seq)
            relation = "户主" if name == head else "配偶" if name == members[0] else "子"
            rows.append([name, number, "东岳观村", "一组", head, relation])
    return write_xlsx(tmp_path / "roster.xlsx", rows)


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of two rows, new people prepared two at a time: the COPY spans chunks."""
    monkeypatch.setattr(services, "RECORDS_PER_CHUNK", 2)
    monkeypatch.setattr(services, "PREPARE_BATCH", 2)


def test_a_failure_while_the_copy_is_open_writes_nothing(
    tree, town_admin, roster, small_chunks, monkeypatch
):
    job = preview_file(roster, tree["town"], town_admin)
    assert (job.counts["new"], job.counts["households_new"]) == (9, 3)
    before = db_fingerprint()
    batches: list[int] = []
    prepare = services.prepared_values_many

    def failing(rows):
        batches.append(len(rows))
        if len(batches) == 4:  # three batches (six people, three chunks) sent already
            raise RuntimeError("disk full")
        return prepare(rows)

    monkeypatch.setattr(services, "prepared_values_many", failing)
    job = services.commit(job, town_admin)

    assert batches == [2, 2, 2, 2]
    assert job.status == "failed"
    assert job.error_message == "导入失败，数据未作任何改动：写入数据库时出错"
    assert db_fingerprint() == before
    assert (Person.unscoped.count(), Household.unscoped.count()) == (0, 0)


def test_with_the_copy_open_across_chunks_each_person_is_written_once(
    tree, town_admin, roster, small_chunks
):
    job = preview_file(roster, tree["town"], town_admin)
    job = services.commit(job, town_admin)

    assert job.status == "committed"
    assert Person.unscoped.count() == 9
    for head, members in HOUSEHOLDS.items():
        household = Person.unscoped.get(name=head).household
        assert sorted(household.members.values_list("name", flat=True)) == sorted([head, *members])
