"""Households are built from 户号, else 户主姓名 + 与户主关系 within a village and 组, and the
order of the rows (members follow their head)."""

import datetime as dt

from sanwei.people.models import Household, Person

from ..factories import HouseholdFactory, PersonFactory
from .conftest import errors_of, id_number, import_file, preview_file, warnings_of, write_xlsx


def households() -> dict[str, list[tuple[str, str]]]:
    """head name → [(member name, relation)], members sorted by name."""
    result = {}
    for household in Household.unscoped.prefetch_related("members"):
        head = household.head
        members = sorted((m.name, m.relation_to_head) for m in household.members.all())
        result[head.name if head else f"#{household.number}"] = members
    return result


def test_members_join_the_head_of_the_same_name_in_the_same_village(tree, town_admin, tmp_path):
    rows = [
        ["姓名", "村（社区）", "户主姓名", "与户主关系"],
        ["刘大", "东岳观村", "刘大", "户主"],
        ["刘二", "东岳观村", "刘大", "次子"],
        ["刘大", "双岗村", "刘大", "户主"],  # a namesake heading a household of village B
        ["何芳", "双岗村", "刘大", "之妻"],
        ["刘三", "东岳观村", "刘大", "女儿"],
        ["刘四", "东岳观村", "刘大", "孙女"],
        ["刘老", "东岳观村", "刘大", "父亲"],
        ["刘五", "东岳观村", "刘大", "弟"],
        ["陈媳", "东岳观村", "刘大", "儿媳"],
        ["远亲", "东岳观村", "刘大", "表侄"],  # not a known relation: 其他, with a warning
    ]
    job = import_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    assert warnings_of(job)[11] == ["与户主关系“表侄”无法识别，已按“其他”导入", "缺少出生日期"]
    by_village = {
        (h.region.name, h.head.name): sorted((m.name, m.relation_to_head) for m in h.members.all())
        for h in Household.unscoped.select_related("region")
    }
    assert by_village == {
        ("东岳观村", "刘大"): [
            ("刘三", "child"),
            ("刘二", "child"),
            ("刘五", "sibling"),
            ("刘四", "grandchild"),
            ("刘大", "head"),
            ("刘老", "parent"),
            ("远亲", "other"),
            ("陈媳", "child_in_law"),
        ],
        ("双岗村", "刘大"): [("何芳", "spouse"), ("刘大", "head")],
    }


def test_without_head_names_a_member_belongs_to_the_head_above(tree, town_admin, tmp_path):
    rows = [
        ["姓名", "村（社区）", "与户主关系"],
        ["甲", "东岳观村", "户主"],
        ["甲妻", "东岳观村", "妻子"],
        ["乙", "东岳观村", "户主"],
        ["乙子", "东岳观村", "儿子"],
    ]
    import_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    assert households() == {
        "甲": [("甲", "head"), ("甲妻", "spouse")],
        "乙": [("乙", "head"), ("乙子", "child")],
    }


def test_household_numbers_join_members_listed_before_their_head(tree, town_admin, tmp_path):
    rows = [
        ["姓名", "村（社区）", "户号", "与户主关系", "现住址"],
        ["孙子", "东岳观村", "0007", "孙子", "东岳观村七组"],
        ["爷爷", "东岳观村", "0007", "户主", ""],
    ]
    import_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    household = Household.unscoped.get()
    assert (household.number, household.address) == ("0007", "东岳观村七组")
    assert households() == {"爷爷": [("孙子", "grandchild"), ("爷爷", "head")]}


def test_a_member_of_a_registered_head_joins_that_household(tree, town_admin, tmp_path):
    household = HouseholdFactory(region=tree["village_a"], number="H9")
    PersonFactory(
        region=tree["village_a"], household=household, relation_to_head="head", name="周大"
    )
    rows = [["姓名", "村（社区）", "户主姓名", "与户主关系"], ["周小", "东岳观村", "周大", "子"]]

    job = import_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    assert (job.counts["new"], job.counts["households_new"]) == (1, 0)
    assert households() == {"周大": [("周大", "head"), ("周小", "child")]}


def test_a_member_of_one_of_two_namesake_heads_joins_the_one_listed_above(
    tree, town_admin, tmp_path
):
    rows = [
        ["姓名", "出生日期", "村（社区）", "户主姓名", "与户主关系"],
        ["王伟", "1960-01-01", "东岳观村", "王伟", "户主"],
        ["王伟", "1970-01-01", "东岳观村", "王伟", "户主"],
        ["王小", "1990-01-01", "东岳观村", "王伟", "子"],
    ]
    job = import_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    assert errors_of(job) == {}
    by_head = {
        h.head.birth_date.year: sorted(m.name for m in h.members.all())
        for h in Household.unscoped.all()
    }
    assert by_head == {1960: ["王伟"], 1970: ["王伟", "王小"]}


def test_members_of_a_head_whose_row_is_invalid_are_invalid_too(tree, town_admin, tmp_path):
    rows = [
        ["姓名", "手机号码", "村（社区）", "户主姓名", "与户主关系"],
        ["郑大", "123", "东岳观村", "郑大", "户主"],
        ["郑小", "", "东岳观村", "郑大", "子"],
    ]
    job = preview_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    assert errors_of(job) == {
        2: ["电话号码“123”格式错误，应为11位手机号码，或区号加固定电话号码（如0744-1234567）"],
        3: ["户主“郑大”所在的第2行有错误，请先更正"],
    }


def test_a_new_head_by_household_number_takes_over_from_the_old_one(tree, town_admin, tmp_path):
    household = HouseholdFactory(region=tree["village_a"], number="A01")
    old = PersonFactory(
        region=tree["village_a"],
        household=household,
        relation_to_head="head",
        name="老张",
        birth_date=dt.date(1930, 1, 1),
    )
    new_head = id_number(dt.date(1960, 1, 1), "M", 1)
    rows = [
        ["姓名", "身份证号", "出生日期", "村（社区）", "户号", "与户主关系"],
        ["张儿", new_head, "", "东岳观村", "A01", "户主"],
        ["老张", "", "1930-01-01", "东岳观村", "A01", "父亲"],
    ]
    job = import_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    assert job.status == "committed", job.error_message
    assert (job.counts["new"], job.counts["updated"]) == (1, 1)
    assert households() == {"张儿": [("张儿", "head"), ("老张", "parent")]}
    old.refresh_from_db()
    assert old.household_id == household.pk


def test_a_household_number_whose_head_is_not_in_the_file_keeps_its_head(
    tree, town_admin, tmp_path
):
    household = HouseholdFactory(region=tree["village_a"], number="A02")
    PersonFactory(
        region=tree["village_a"], household=household, relation_to_head="head", name="钱大"
    )
    rows = [["姓名", "村（社区）", "户号", "与户主关系"], ["钱二", "东岳观村", "A02", "户主"]]

    job = preview_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    assert errors_of(job) == {2: ["该户已有户主“钱大”"]}


def test_a_member_whose_head_is_nowhere_is_invalid_not_written_without_household(
    tree, town_admin, tmp_path
):
    rows = [["姓名", "村（社区）", "户主姓名", "与户主关系"], ["流浪", "东岳观村", "无名", "子"]]

    job = import_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    assert errors_of(job) == {
        2: ["未找到户主“无名”（本文件和东岳观村已登记的群众中都没有），请先导入户主或更正户主姓名"]
    }
    assert (job.counts["new"], job.counts["invalid"]) == (0, 1)
    assert not Person.unscoped.exists()


def test_a_member_listed_above_any_head_of_the_village_is_invalid(tree, town_admin, tmp_path):
    rows = [
        ["姓名", "村（社区）", "与户主关系"],
        ["甲妻", "东岳观村", "妻子"],
        ["甲", "东岳观村", "户主"],
        ["乙", "双岗村", "户主"],
        ["乙子", "东岳观村", "儿子"],
    ]
    job = import_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    assert errors_of(job) == {
        2: [
            "与户主关系是“配偶”，但本文件东岳观村中本行上方没有户主，无法确定属于哪一户："
            "请把本行排在其户主下方，或填写户主姓名、户号"
        ]
    }
    assert households() == {"甲": [("乙子", "child"), ("甲", "head")], "乙": [("乙", "head")]}


def test_a_household_number_without_its_head_is_a_household_still(tree, town_admin, tmp_path):
    rows = [
        ["姓名", "村（社区）", "户号", "与户主关系"],
        ["孙一", "东岳观村", "0009", "孙子"],
        ["孙二", "东岳观村", "0009", "孙女"],
    ]
    job = import_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)
    again = preview_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    assert (job.counts["new"], job.counts["households_new"]) == (2, 1)
    assert households() == {"#0009": [("孙一", "grandchild"), ("孙二", "grandchild")]}
    assert (again.counts["unchanged"], again.counts["households_new"]) == (2, 0)
