"""The commit writes the rows the check stored (encrypted, a chunk at a time), without the
uploaded file; a stored rows file that was altered is refused and nothing is written."""

import datetime as dt
import os

from sanwei.imports import services
from sanwei.people.models import Household, Person

from .conftest import id_number, preview_file, write_xlsx

ROWS = [
    ["姓名", "身份证号", "村（社区）", "户主姓名", "与户主关系", "联系电话"],
    ["张三", id_number(dt.date(1960, 1, 1), "M", 1), "东岳观村", "张三", "户主", "13800000001"],
    ["李四", id_number(dt.date(1962, 2, 2), "F", 2), "东岳观村", "张三", "妻", ""],
    ["张五", id_number(dt.date(1990, 3, 3), "M", 3), "东岳观村", "张三", "长子", ""],
]  # fmt: skip


def test_the_commit_writes_the_stored_rows_when_the_upload_is_gone(
    tree, town_admin, tmp_path, monkeypatch
):
    monkeypatch.setattr(services, "RECORDS_PER_CHUNK", 2)
    job = preview_file(write_xlsx(tmp_path / "a.xlsx", ROWS), tree["town"], town_admin)
    os.remove(job.file.path)

    job = services.commit(job, town_admin)

    assert job.status == "committed", job.error_message
    assert (job.counts["new"], job.counts["households_new"]) == (3, 1)
    [household] = Household.unscoped.all()
    people = Person.unscoped.order_by("name")
    assert [(p.name, p.relation_to_head) for p in people] == [
        ("张三", "head"),
        ("张五", "child"),
        ("李四", "spouse"),
    ]
    assert {p.household_id for p in people} == {household.pk}
    assert Person.unscoped.get(name="张三").phone == "13800000001"


def test_an_altered_rows_file_fails_the_commit_and_writes_nothing(tree, town_admin, tmp_path):
    job = preview_file(write_xlsx(tmp_path / "a.xlsx", ROWS), tree["town"], town_admin)
    path = tmp_path / "media" / job.records_file
    data = bytearray(path.read_bytes())
    data[10] = ord("A") if data[10] != ord("A") else ord("B")
    path.write_bytes(bytes(data))

    job = services.commit(job, town_admin)

    assert job.status == "failed"
    assert "数据未作任何改动" in job.error_message
    assert not Person.unscoped.exists() and not Household.unscoped.exists()
