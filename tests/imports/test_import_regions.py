"""Village and group names are matched to the region tree; an unknown name is an invalid
row, never a new region."""

from sanwei.people.models import Person
from sanwei.regions.models import Region, RegionLevel

from .conftest import errors_of, import_file, preview_file, write_xlsx

HEADER = ["姓名", "出生日期", "村（社区）", "组"]


def test_an_unknown_village_is_an_invalid_row_and_no_region_is_created(tree, town_admin, tmp_path):
    regions_before = Region.unscoped.count()
    rows = [HEADER, ["甲", "1960-01-01", "桃花源村", ""], ["乙", "1960-01-01", "东岳观村", ""]]

    job = import_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    assert errors_of(job) == {2: ["村（社区）“桃花源村”不在东岳观镇的区划中"]}
    assert Region.unscoped.count() == regions_before
    assert list(Person.unscoped.values_list("name", flat=True)) == ["乙"]


def test_village_names_with_or_without_suffix_and_town_prefix(tree, town_admin, tmp_path):
    names = ["双岗村", "双岗", "双岗村委会", "东岳观镇双岗村", "慈利县东岳观镇双岗村", "双 岗 村"]
    rows = [HEADER] + [[f"人{n}", f"1960-01-{n + 1:02d}", v, ""] for n, v in enumerate(names)]

    job = import_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    assert job.counts["invalid"] == 0
    assert set(Person.unscoped.values_list("region__name", flat=True)) == {"双岗村"}


def test_a_name_that_could_be_two_villages_must_be_written_in_full(tree, town_admin, tmp_path):
    Region.unscoped.create(
        code="430821104203", name="双岗社区", level=RegionLevel.VILLAGE, parent=tree["town"]
    )
    rows = [HEADER, ["甲", "1960-01-01", "双岗", ""], ["乙", "1960-01-01", "双岗社区", ""]]

    job = preview_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    assert errors_of(job) == {2: ["村（社区）“双岗”可能是双岗村、双岗社区，请填写全称"]}


def test_groups_are_matched_under_their_village(tree, groups, town_admin, tmp_path):
    rows = [
        HEADER,
        ["甲", "1960-01-01", "东岳观村", "第二村民小组"],
        ["乙", "1960-01-02", "东岳观村", "2组"],
        ["丙", "1960-01-03", "东岳观村", "二组"],
        ["丁", "1960-01-04", "东岳观村", "一组"],
        ["戊", "1960-01-05", "东岳观村", "十组"],  # not a group of village A
        ["己", "1960-01-06", "双岗村", "3组"],  # village B registers no groups: kept as village
    ]
    job = import_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    assert errors_of(job) == {6: ["村民小组“十组”不在东岳观村的区划中"]}
    assert dict(Person.unscoped.values_list("name", "region__name")) == {
        "甲": "二组",
        "乙": "二组",
        "丙": "二组",
        "丁": "一组",
        "己": "双岗村",
    }


def test_a_village_import_refuses_rows_of_other_villages(tree, secretary_a, tmp_path):
    rows = [HEADER, ["甲", "1960-01-01", "双岗村", ""], ["乙", "1960-01-01", "东岳观", ""]]

    job = import_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["village_a"], secretary_a)

    assert errors_of(job) == {2: ["村（社区）“双岗村”不在东岳观村的区划中"]}
    assert list(Person.unscoped.values_list("region__name", flat=True)) == ["东岳观村"]
