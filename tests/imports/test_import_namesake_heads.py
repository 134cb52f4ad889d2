"""Households as a person reads a roster without 户号: the head within their village and 组,
members listed after their head. Two heads called 张建国 are two households."""

from sanwei.imports import services
from sanwei.people.models import Household, Person
from sanwei.regions.models import RegionLevel

from .conftest import db_fingerprint, errors_of, import_file, preview_file, write_xlsx

HEADER = ["姓名", "出生日期", "村（社区）", "组", "户主姓名", "与户主关系"]


def households() -> dict[tuple[str, str, str], list[str]]:
    """(village, group or "", head name + birth year) → member names in name order."""
    result = {}
    for household in Household.unscoped.select_related("region", "region__parent"):
        members = list(Person.unscoped.filter(household=household).order_by("name"))
        head = next(m for m in members if m.relation_to_head == "head")
        region = household.region
        village, group = (
            (region.parent.name, region.name)
            if region.level == RegionLevel.GROUP
            else (region.name, "")
        )
        key = (village, group, f"{head.name}{head.birth_date.year}")
        result[key] = [m.name for m in members]
    return result


def roster():
    """张建国 heads a household in 一组 and in 二组 of 东岳观村 (groups registered) and in
    3组 and 5组 of 双岗村 (no groups registered: the 组 column still tells them apart)."""
    return [
        HEADER,
        ["张建国", "1960-01-01", "东岳观村", "一组", "张建国", "户主"],
        ["李秀英", "1962-02-02", "东岳观村", "一组", "张建国", "妻子"],
        ["张伟", "1985-03-03", "东岳观村", "一组", "张建国", "长子"],
        ["张建国", "1958-04-04", "东岳观村", "二组", "张建国", "户主"],
        ["王桂兰", "1959-05-05", "东岳观村", "二组", "张建国", "配偶"],
        ["张丽", "1983-06-06", "东岳观村", "二组", "张建国", "女儿"],
        ["张建国", "1970-07-07", "双岗村", "3组", "张建国", "户主"],
        ["刘芳", "1972-08-08", "双岗村", "3组", "张建国", "妻"],
        ["张建国", "1955-09-09", "双岗村", "5组", "张建国", "户主"],
        ["张强", "1980-10-10", "双岗村", "5组", "张建国", "儿子"],
        ["赵敏", "1981-11-11", "双岗村", "5组", "张建国", "儿媳"],
    ]


EXPECTED = {
    ("东岳观村", "一组", "张建国1960"): ["张伟", "张建国", "李秀英"],
    ("东岳观村", "二组", "张建国1958"): ["张丽", "张建国", "王桂兰"],
    ("双岗村", "", "张建国1970"): ["刘芳", "张建国"],
    ("双岗村", "", "张建国1955"): ["张建国", "张强", "赵敏"],
}


def test_namesake_heads_in_other_groups_and_villages_each_get_their_members(
    tree, groups, town_admin, tmp_path
):
    job = import_file(write_xlsx(tmp_path / "a.xlsx", roster()), tree["town"], town_admin)

    assert job.status == "committed", job.error_message
    assert errors_of(job) == {}
    assert (job.counts["new"], job.counts["households_new"]) == (11, 4)
    assert households() == EXPECTED
    assert not Person.unscoped.filter(household__isnull=True).exists()


def test_without_head_names_members_follow_the_head_above_in_their_village_and_group(
    tree, groups, town_admin, tmp_path
):
    rows = [
        [name, born, village, group, relation]
        for name, born, village, group, _h, relation in roster()
    ]
    rows[0] = ["姓名", "出生日期", "村（社区）", "组", "与户主关系"]

    job = import_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    assert job.status == "committed", job.error_message
    assert errors_of(job) == {}
    assert households() == EXPECTED


def test_namesake_heads_in_one_group_each_take_the_members_listed_under_them(
    tree, groups, town_admin, tmp_path
):
    rows = [
        HEADER,
        ["张建国", "1960-01-01", "东岳观村", "一组", "张建国", "户主"],
        ["李秀英", "1962-02-02", "东岳观村", "一组", "张建国", "妻子"],
        ["张建国", "1975-04-04", "东岳观村", "一组", "张建国", "户主"],
        ["王桂兰", "1976-05-05", "东岳观村", "一组", "张建国", "配偶"],
        ["张小国", "2000-06-06", "东岳观村", "一组", "", "儿子"],
    ]

    job = import_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    assert errors_of(job) == {}
    assert households() == {
        ("东岳观村", "一组", "张建国1960"): ["张建国", "李秀英"],
        ("东岳观村", "一组", "张建国1975"): ["张小国", "张建国", "王桂兰"],
    }


def test_a_member_listed_away_from_both_namesake_heads_is_ambiguous(
    tree, groups, town_admin, tmp_path
):
    rows = [
        HEADER,
        ["张建国", "1960-01-01", "东岳观村", "一组", "张建国", "户主"],
        ["张建国", "1975-04-04", "东岳观村", "一组", "张建国", "户主"],
        ["李四", "1950-03-03", "东岳观村", "一组", "李四", "户主"],
        ["张小国", "2000-06-06", "东岳观村", "一组", "张建国", "儿子"],
    ]

    job = preview_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    assert errors_of(job) == {
        5: [
            "本文件中东岳观村一组有2名户主叫“张建国”（第2行、第3行），无法确定本行属于哪一户："
            "请把本行排在其户主下方，或填写户号"
        ]
    }
    assert (job.counts["new"], job.counts["invalid"], job.counts["rows"]) == (3, 1, 4)
    services.commit(job, town_admin)
    assert not Person.unscoped.filter(name="张小国").exists()


def test_importing_the_namesake_roster_again_changes_nothing(tree, groups, town_admin, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", roster())
    import_file(path, tree["town"], town_admin)
    before = db_fingerprint()

    again = preview_file(path, tree["town"], town_admin)

    assert (again.counts["unchanged"], again.counts["new"], again.counts["updated"]) == (11, 0, 0)
    assert again.counts["invalid"] == 0
    services.commit(again, town_admin)
    assert db_fingerprint() == before


def test_members_of_a_registered_namesake_head_join_the_one_in_their_group(
    tree, groups, town_admin, tmp_path
):
    import_file(write_xlsx(tmp_path / "a.xlsx", roster()), tree["town"], town_admin)
    rows = [
        HEADER,
        ["张新", "2020-01-01", "东岳观村", "二组", "张建国", "孙子"],
        ["张娃", "2021-01-01", "双岗村", "5组", "张建国", "孙女"],
    ]

    job = import_file(write_xlsx(tmp_path / "b.xlsx", rows), tree["town"], town_admin)

    # 双岗村 has no groups registered and two heads called 张建国: no way to tell.
    assert errors_of(job) == {
        3: [
            "已登记2名户主叫“张建国”（双岗村1970年生、双岗村1955年生），"
            "无法确定本行属于哪一户，请填写户号"
        ]
    }
    assert households()[("东岳观村", "二组", "张建国1958")] == ["张丽", "张建国", "张新", "王桂兰"]
    assert not Person.unscoped.filter(name="张娃").exists()


def test_namesakes_without_birth_dates_in_two_groups_are_two_people_again_and_again(
    tree, groups, town_admin, tmp_path
):
    rows = [
        ["姓名", "村（社区）", "组", "户主姓名", "与户主关系"],
        ["张建国", "东岳观村", "一组", "张建国", "户主"],
        ["张建国", "东岳观村", "二组", "张建国", "户主"],
    ]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    first = import_file(path, tree["town"], town_admin)
    before = db_fingerprint()

    again = import_file(path, tree["town"], town_admin)

    assert (first.counts["new"], first.counts["invalid"]) == (2, 0)
    assert (again.counts["unchanged"], again.counts["invalid"]) == (2, 0)
    assert db_fingerprint() == before
