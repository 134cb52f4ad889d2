"""Rows are matched to registered people by ID number, else by name + birth date within
the village; duplicates inside the file are refused, and a number held by a person the
importer may not see is taken as a new one (no oracle, see test_import_id_no_oracle)."""

import datetime as dt

from sanwei.people.models import Person

from ..factories import PersonFactory
from .conftest import errors_of, id_number, import_file, preview_file, warnings_of, write_xlsx

HEADER = ["姓名", "身份证号", "出生日期", "村（社区）", "联系电话"]


def test_an_id_number_registered_in_another_town_is_no_refusal_but_a_new_unhashed_person(
    tree, town_admin, tmp_path
):
    number = id_number(dt.date(1970, 1, 1), "M", 1)
    PersonFactory(region=tree["other_village"], name="赵大", id_number=number)
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["赵大", number, "", "东岳观村", ""]])

    job = import_file(path, tree["town"], town_admin)

    assert errors_of(job) == {}
    assert job.counts["new"] == 1
    new = Person.unscoped.get(region=tree["village_a"])
    assert (new.id_number, new.id_number_hash) == (number, None)
    assert Person.unscoped.count() == 2


def test_a_person_registered_without_id_gets_the_number_from_the_file(tree, town_admin, tmp_path):
    known = PersonFactory(
        region=tree["village_a"], name="钱二", birth_date=dt.date(1971, 2, 2), gender="F"
    )
    number = id_number(dt.date(1971, 2, 2), "F", 2)
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["钱二", number, "", "东岳观村", ""]])

    job = import_file(path, tree["town"], town_admin)

    assert (job.counts["new"], job.counts["updated"]) == (0, 1)
    assert job.changed_fields == {"id_number": 1}
    known.refresh_from_db()
    assert known.id_number == number
    assert Person.unscoped.count() == 1


def test_rows_without_id_match_by_name_and_birth_date_in_the_village(tree, town_admin, tmp_path):
    PersonFactory(region=tree["village_a"], name="孙三", birth_date=dt.date(1972, 3, 3))
    PersonFactory(region=tree["village_b"], name="孙三", birth_date=dt.date(1972, 3, 3))
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [
            HEADER,
            ["孙三", "", "1972-03-03", "东岳观村", "13800000001"],  # the one of village A
            ["孙三", "", "1972-03-04", "东岳观村", ""],  # another birth date: someone new
        ],
    )

    job = import_file(path, tree["town"], town_admin)

    assert (job.counts["updated"], job.counts["new"]) == (1, 1)
    assert Person.unscoped.get(region=tree["village_a"], birth_date=dt.date(1972, 3, 3)).phone == (
        "13800000001"
    )
    assert Person.unscoped.get(region=tree["village_b"]).phone == ""


def test_two_registered_namesakes_born_the_same_day_need_the_id_number(tree, town_admin, tmp_path):
    for _ in range(2):
        PersonFactory(region=tree["village_a"], name="李四", birth_date=dt.date(1960, 1, 1))
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["李四", "", "1960-01-01", "东岳观村", ""]])

    job = preview_file(path, tree["town"], town_admin)

    assert errors_of(job) == {
        2: ["东岳观村有2名同姓名、同出生日期的群众，无法确定是哪一位，请填写身份证号码"]
    }


def test_duplicates_inside_the_file_are_refused(tree, town_admin, tmp_path):
    number = id_number(dt.date(1980, 1, 1), "M", 3)
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [
            HEADER,
            ["周五", number, "", "东岳观村", ""],
            ["周五", number, "", "东岳观村", ""],  # line 3: the same ID number
            ["吴六", "", "1981-01-01", "东岳观村", ""],
            ["吴六", "", "1981-01-01", "东岳观村", ""],  # line 5: same name and birth date
        ],
    )

    job = preview_file(path, tree["town"], town_admin)

    assert errors_of(job) == {
        3: ["身份证号码与第2行重复"],
        5: ["与第4行姓名、出生日期相同，可能是同一人"],
    }
    assert job.counts["new"] == 2


def test_the_same_registered_person_twice_in_the_file(tree, town_admin, tmp_path):
    number = id_number(dt.date(1975, 5, 5), "F", 4)
    PersonFactory(
        region=tree["village_a"], name="郑七", birth_date=dt.date(1975, 5, 5), id_number=number
    )
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [
            HEADER,
            ["郑琪", number, "", "东岳观村", ""],  # found by the ID number (and renamed)
            ["郑七", "", "1975-05-05", "东岳观村", ""],  # found by name and birth date
        ],
    )

    job = preview_file(path, tree["town"], town_admin)

    assert errors_of(job) == {3: ["与第2行是同一人"]}


def test_a_phone_shared_by_more_than_five_people_is_a_warning(tree, town_admin, tmp_path):
    rows = [HEADER] + [
        [f"陈{n}", "", f"1990-01-{n + 1:02d}", "东岳观村", "+86 138 0000 0000"] for n in range(6)
    ]
    rows.append(["陈九", "", "1990-02-01", "东岳观村", "13900000000"])

    job = preview_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    assert warnings_of(job) == {
        line: ["手机号码138****0000在本文件中有6人共用"] for line in range(2, 8)
    }
    assert job.counts["invalid"] == 0
