"""A township roster as people really type it, in xlsx: title rows, a village merged down,
full-width digits, stray spaces, lowercase x, +86 phones, every date form — imported
into exactly the right persons and households, with exactly the right errors."""

import datetime as dt

from sanwei.core.search import search_key
from sanwei.imports.normalise import ID_STORED_AS_NUMBER
from sanwei.people.models import Household, Person

from .conftest import (
    errors_of,
    excel_serial,
    id_number,
    id_number_ending_in_x,
    import_file,
    person_rows,
    preview_file,
    warnings_of,
    write_xlsx,
)

HEADER = [
    "序号",
    "姓名",
    "性别",
    "公民身份号码",
    "出生日期",
    "民族",
    "联系电话",
    "村（社区）",
    "组",
    "户主姓名",
    "与户主关系",
    "政治面貌",
]
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

ZHANG = id_number(dt.date(1949, 12, 31), "M", 1)
LI = id_number_ending_in_x(dt.date(1950, 1, 2), "F")
XIAOMING = id_number(dt.date(1975, 6, 15), "M", 2)
ZHAO_BAD = id_number(dt.date(1980, 1, 1), "F", 3)[:-1] + "0"
SUN = id_number(dt.date(1981, 2, 3), "M", 4)
ZHOU = id_number(dt.date(1982, 3, 4), "M", 5)
WU = id_number(dt.date(1930, 5, 6), "M", 6)
ZHENG = id_number(dt.date(1985, 7, 8), "F", 7)


def roster(tmp_path):
    assert ZHAO_BAD != id_number(dt.date(1980, 1, 1), "F", 3)  # its check digit is wrong
    rows = [
        ["东岳观镇居民花名册"],
        ["填报单位：东岳观镇人民政府", None, None, None, None, None, "填报日期：2024年5月"],
        HEADER,
        # line 4: ideographic space in the name, full-width ID, +86 phone, 1949.12.31
        [1, "张\u3000三", "男", ZHANG.translate(FULLWIDTH), "1949.12.31", "汉",
         "+86 138-0000-0000", "东岳观村", "1组", "张三", "户主", "中共党员"],
        # line 5: stray spaces, lowercase x, 年月日 date, phone as a number
        [2, " 李四 ", "女", LI.lower(), "1950年1月2日", "汉族",
         13900000001, None, "一组", "张三", "妻", "群众"],
        # line 6: Excel serial date, full-width phone with spaces, no 民族
        [3, "张小明", "男", XIAOMING, excel_serial(dt.date(1975, 6, 15)), None,
         "１３７ ０００ ０００ ０２", None, "1组", "张三", "长子", None],
        # line 7: a group the village does not have
        [4, "王五", None, None, "1980-02-29", None, None, None, "三组", None, None, None],
        # line 8: wrong check digit
        [5, "赵六", "女", ZHAO_BAD, None, None, None, "双岗村", None, None, None, None],
        # line 9: the ID number was stored by Excel as a number
        [6, "钱七", "男", 4.30821198001011e17, None, None, None, "双岗", None, None, None, None],
        # line 10: birth date and gender contradict the ID number
        [7, "孙八", "女", SUN, "1981-02-04", None, None, "双岗村", None, None, None, None],
        # line 11: not a mobile number
        [8, "周九", "男", ZHOU, None, None, "12345", "双岗村", None, None, None, None],
        # line 12: town name before the village, 本人 as the head, a probationary member
        [9, "吴十", "男", WU, "1930/5/6", None, None, "东岳观镇双岗村", None, "吴十", "本人",
         "预备党员"],
        # line 13: a group given where the village has no groups: kept at the village
        [10, "郑十一", "女", ZHENG, None, "土家", None, "双岗村", "5组", "吴十", "儿媳", None],
        # line 14: no ID number, over 110 years old
        [11, "冯十二", "男", None, "1912年3月4日", None, None, "双岗村", None, "冯十二",
         "户主", None],
        # line 15: a village of another town
        [12, "陈十三", None, None, None, None, None, "通津铺村", None, None, None, None],
        # line 16: no name
        [13, None, "男", id_number(dt.date(1990, 1, 1), "M", 8), None, None, None,
         "双岗村", None, None, None, None],
        # line 17: no birth date at all; a grandchild in 张三's household
        [14, "褚十四", None, None, None, None, None, "东岳观村", "一组", "张三", "孙子", None],
    ]  # fmt: skip
    return write_xlsx(tmp_path / "花名册.xlsx", rows, merges=["A1:L1", "H4:H7"])


EXPECTED_ERRORS = {
    7: ["村民小组“三组”不在东岳观村的区划中"],
    8: ["身份证号码校验位错误"],
    9: [ID_STORED_AS_NUMBER],
    10: [
        "出生日期（1981-02-04）与身份证号码中的出生日期（1981-02-03）不一致",
        "性别（女）与身份证号码中的性别（男）不一致",
    ],
    11: ["电话号码“12345”格式错误，应为11位手机号码，或区号加固定电话号码（如0744-1234567）"],
    15: ["村（社区）“通津铺村”不在东岳观镇的区划中"],
    16: ["姓名不能为空"],
}
EXPECTED_WARNINGS = {
    14: ["年龄超过110岁，请核对出生日期"],
    17: ["缺少出生日期"],
}


def test_preview_counts_errors_and_warnings_without_writing(tree, groups, town_admin, tmp_path):
    job = preview_file(roster(tmp_path), tree["town"], town_admin)

    assert job.status == "previewed"
    assert job.header_row == 3
    assert job.columns == HEADER
    assert job.counts == {
        "rows": 14,
        "new": 7,
        "updated": 0,
        "unchanged": 0,
        "invalid": 7,
        "warnings": 2,
        "households_new": 3,
        "households_updated": 0,
    }
    assert errors_of(job) == EXPECTED_ERRORS
    assert job.error_total == 7
    assert warnings_of(job) == EXPECTED_WARNINGS
    assert Person.unscoped.count() == 0
    assert Household.unscoped.count() == 0


def test_commit_creates_exactly_these_persons_and_households(tree, groups, town_admin, tmp_path):
    job = import_file(roster(tmp_path), tree["town"], town_admin)

    assert job.status == "committed", job.error_message
    assert person_rows() == sorted(
        [
            ("张三", "M", dt.date(1949, 12, 31), "汉族", "13800000000", "一组", "head",
             "张三", "formal", ZHANG),
            ("李四", "F", dt.date(1950, 1, 2), "汉族", "13900000001", "一组", "spouse",
             "张三", "", LI),
            ("张小明", "M", dt.date(1975, 6, 15), "汉族", "13700000002", "一组", "child",
             "张三", "", XIAOMING),
            ("褚十四", "", None, "汉族", "", "一组", "grandchild", "张三", "", ""),
            ("吴十", "M", dt.date(1930, 5, 6), "汉族", "", "双岗村", "head", "吴十",
             "probationary", WU),
            ("郑十一", "F", dt.date(1985, 7, 8), "土家族", "", "双岗村", "child_in_law",
             "吴十", "", ZHENG),
            ("冯十二", "M", dt.date(1912, 3, 4), "汉族", "", "双岗村", "head", "冯十二", "",
             ""),
        ]
    )  # fmt: skip
    households = {
        h.head.name: (h.region.name, sorted(m.name for m in h.members.all()))
        for h in Household.unscoped.select_related("region")
    }
    assert households == {
        "张三": ("一组", ["张三", "张小明", "李四", "褚十四"]),
        "吴十": ("双岗村", ["吴十", "郑十一"]),
        "冯十二": ("双岗村", ["冯十二"]),
    }
    # Search keys are computed as for a person saved through the people service.
    assert Person.unscoped.get(name="张三").search_text == search_key("张三")
    logs = job.logs().values_list("action_type", flat=True)
    assert list(logs).count("sanwei.import.committed") == 1
    assert not job.file


def test_a_village_secretary_imports_into_the_own_village_without_a_village_column(
    tree, secretary_a, tmp_path
):
    path = write_xlsx(
        tmp_path / "村.xlsx",
        [["姓名", "身份证号", "手机号"], ["刘一", id_number(dt.date(1970, 1, 1)), "13800000009"]],
    )
    job = import_file(path, tree["village_a"], secretary_a)

    assert job.status == "committed"
    assert [(p.name, p.region.name) for p in Person.unscoped.all()] == [("刘一", "东岳观村")]
