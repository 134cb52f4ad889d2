"""Phones in a roster as they are written: landlines in 联系电话 or 固定电话, two numbers in
one cell — each into its field; a cell that holds no number is an invalid row."""

import datetime as dt

from sanwei.imports import services
from sanwei.people.models import Person

from .conftest import db_fingerprint, errors_of, import_file, preview_file, warnings_of, write_xlsx

HEADER = ["姓名", "出生日期", "村（社区）", "联系电话", "固定电话"]
BORN = dt.date(1960, 1, 1)
ROWS = [
    HEADER,
    ["甲", BORN, "东岳观村", "0744-1234567", None],  # 2
    ["乙", BORN, "东岳观村", "07441234568", None],  # 3
    ["丙", BORN, "东岳观村", "(0744)1234569", None],  # 4
    ["丁", BORN, "东岳观村", "13800001111/0744-2234567", None],  # 5
    ["戊", BORN, "东岳观村", "13800001112、0744-3234567", None],  # 6
    ["己", BORN, "东岳观村", "13800001113，07444234567", None],  # 7
    ["庚", BORN, "东岳观村", "13800001114 0744-5234567", None],  # 8
    ["辛", BORN, "东岳观村", "13800001115", "0744-6234567"],  # 9
    ["壬", BORN, "东岳观村", None, "13800001116"],  # 10: a mobile under 固定电话
    ["癸", BORN, "东岳观村", "13800001117/13900001117", None],  # 11: two mobiles
    ["子", BORN, "东岳观村", "13800001118/12345", None],  # 12: not a number
    ["丑", BORN, "东岳观村", None, "0744-12"],  # 13: too short
]


def phones() -> dict[str, tuple[str, str]]:
    return {p.name: (p.phone, p.landline) for p in Person.unscoped.order_by("pk")}


def test_landlines_and_two_number_cells_go_into_the_right_fields(tree, town_admin, tmp_path):
    job = import_file(write_xlsx(tmp_path / "a.xlsx", ROWS), tree["town"], town_admin)

    assert phones() == {
        "甲": ("", "0744-1234567"),
        "乙": ("", "0744-1234568"),
        "丙": ("", "0744-1234569"),
        "丁": ("13800001111", "0744-2234567"),
        "戊": ("13800001112", "0744-3234567"),
        "己": ("13800001113", "0744-4234567"),
        "庚": ("13800001114", "0744-5234567"),
        "辛": ("13800001115", "0744-6234567"),
        "壬": ("13800001116", ""),
        "癸": ("13800001117", ""),
    }
    assert warnings_of(job) == {11: ["有2个手机号码，只导入了第一个（138****1117）"]}
    assert errors_of(job) == {
        12: [
            "电话号码“13800001118/12345”格式错误，"
            "其中“12345”既不是11位手机号码，也不是区号加固定电话号码"
        ],
        13: ["电话号码“0744-12”格式错误，应为11位手机号码，或区号加固定电话号码（如0744-1234567）"],
    }
    assert (job.counts["new"], job.counts["invalid"], job.counts["rows"]) == (10, 2, 12)


def test_a_changed_landline_is_an_update_and_the_same_file_again_changes_nothing(
    tree, town_admin, tmp_path
):
    path = write_xlsx(tmp_path / "a.xlsx", ROWS)
    import_file(path, tree["town"], town_admin)
    before = db_fingerprint()
    again = preview_file(path, tree["town"], town_admin)
    services.commit(again, town_admin)
    assert (again.counts["unchanged"], again.counts["updated"]) == (10, 0)
    assert db_fingerprint() == before

    edited = [HEADER, ["甲", BORN, "东岳观村", None, "0744-7654321"]]
    job = import_file(write_xlsx(tmp_path / "b.xlsx", edited), tree["town"], town_admin)

    assert (job.counts["updated"], job.changed_fields) == (1, {"landline": 1})
    assert Person.unscoped.get(name="甲").landline == "0744-7654321"
