"""Importing the same file again changes nothing; an edited file changes only what changed."""

import datetime as dt

from sanwei.imports import services
from sanwei.people.models import Household, Person

from .conftest import db_fingerprint, id_number, import_file, preview_file, write_csv, write_xlsx

HEADER = ["姓名", "性别", "身份证号", "出生日期", "联系电话", "村（社区）", "组", "户主姓名",
          "与户主关系", "户号", "现住址", "政治面貌", "民族", "备注"]  # fmt: skip


def rows(phone_of_li="13900000001", extra=()):
    return [
        HEADER,
        ["张三", "男", id_number(dt.date(1950, 1, 1), "M", 1), "", "13800000000", "东岳观村",
         "一组", "张三", "户主", "A01", "东岳观村1号", "中共党员", "汉", ""],
        ["李四", "女", id_number(dt.date(1952, 2, 2), "F", 2), "", phone_of_li, "东岳观村",
         "一组", "张三", "配偶", "A01", "", "群众", "汉族", ""],
        ["张小", "", "", "1980.3.3", "", "东岳观村", "二组", "张三", "子", "A01", "", "", "", ""],
        ["王五", "男", "", "", "", "双岗村", "", "王五", "户主", "", "", "", "", "无身份证"],
        *extra,
    ]  # fmt: skip


def test_the_same_file_twice_changes_nothing(tree, groups, town_admin, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", rows())
    first = import_file(path, tree["town"], town_admin)
    assert first.counts["new"] == 4
    before = db_fingerprint()

    again = preview_file(path, tree["town"], town_admin)

    assert again.counts == {
        "rows": 4,
        "new": 0,
        "updated": 0,
        "unchanged": 4,
        "invalid": 0,
        "warnings": 1,  # 王五's missing birth date is still worth a look
        "households_new": 0,
        "households_updated": 0,
    }
    committed = services.commit(again, town_admin)
    assert committed.status == "committed"
    assert db_fingerprint() == before


def test_the_same_rows_as_gbk_csv_are_unchanged_too(tree, groups, town_admin, tmp_path):
    import_file(write_xlsx(tmp_path / "a.xlsx", rows()), tree["town"], town_admin)
    before = db_fingerprint()

    job = import_file(write_csv(tmp_path / "a.csv", rows()), tree["town"], town_admin)

    assert (job.counts["unchanged"], job.counts["new"], job.counts["updated"]) == (4, 0, 0)
    assert db_fingerprint() == before


def test_an_edited_file_updates_what_changed_and_adds_what_is_new(
    tree, groups, town_admin, tmp_path
):
    import_file(write_xlsx(tmp_path / "a.xlsx", rows()), tree["town"], town_admin)
    li = Person.unscoped.get(name="李四")
    untouched = {p.pk: p.updated_at for p in Person.unscoped.exclude(pk=li.pk)}
    new_member = ["张小妹", "女", "", "1985.5.5", "", "东岳观村", "二组", "张三", "女", "A01",
                  "", "", "", ""]  # fmt: skip
    path = write_xlsx(tmp_path / "b.xlsx", rows("13900000009", extra=[new_member]))

    job = import_file(path, tree["town"], town_admin)

    assert (job.counts["new"], job.counts["updated"], job.counts["unchanged"]) == (1, 1, 3)
    assert job.changed_fields == {"phone": 1}
    li.refresh_from_db()
    assert li.phone == "13900000009"
    assert {p.pk: p.updated_at for p in Person.unscoped.exclude(pk=li.pk).exclude(
        name="张小妹")} == untouched  # fmt: skip
    sister = Person.unscoped.get(name="张小妹")
    assert (sister.household.number, sister.relation_to_head, sister.region.name) == (
        "A01",
        "child",
        "二组",
    )
    assert Household.unscoped.count() == 2


def test_empty_cells_never_blank_stored_values(tree, groups, town_admin, tmp_path):
    import_file(write_xlsx(tmp_path / "a.xlsx", rows()), tree["town"], town_admin)
    before = db_fingerprint()
    # The same people, listed by name only (a list of party members, say).
    path = write_xlsx(
        tmp_path / "names.xlsx",
        [["姓名", "身份证号", "村（社区）"], ["张三", id_number(dt.date(1950, 1, 1), "M", 1), "东岳观村"],
         ["王五", "", "双岗村"]],
    )  # fmt: skip

    job = import_file(path, tree["town"], town_admin)

    assert (job.counts["unchanged"], job.counts["new"], job.counts["updated"]) == (2, 0, 0)
    assert db_fingerprint() == before
