"""The value rules of a roster row: relations, political status, groups, dates, names."""

import datetime as dt

import pytest

from sanwei.imports.normalise import (
    LooseDate,
    Normaliser,
    RowInvalid,
    clean_name,
    group_number,
    parse_date_value,
    parse_ethnicity,
    parse_gender,
    parse_political_status,
    parse_relation,
)
from sanwei.imports.readers import SourceRow
from sanwei.people.validation import DateParseError

from .conftest import excel_serial, id_number


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("户主", "head"), ("本人", "head"), ("配偶", "spouse"), ("妻", "spouse"),
        ("夫", "spouse"), ("子", "child"), ("女", "child"), ("长子", "child"),
        ("次女", "child"), ("儿子", "child"), ("女儿", "child"), ("三子", "child"),
        ("父亲", "parent"), ("母亲", "parent"), ("孙子", "grandchild"), ("孙女", "grandchild"),
        ("外孙女", "grandchild"), ("兄", "sibling"), ("弟", "sibling"), ("姐", "sibling"),
        ("妹", "sibling"), ("儿媳", "child_in_law"), ("女婿", "child_in_law"),
        ("其他", "other"), ("祖母", "other"), (" 户 主 ", "head"),
    ],
)  # fmt: skip
def test_relations(text, relation):
    assert parse_relation(text) == (relation, None)


def test_unknown_relation_is_other_with_a_warning():
    assert parse_relation("干儿子") == ("other", "与户主关系“干儿子”无法识别，已按“其他”导入")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("中共党员", "formal"), ("党员", "formal"), ("是", "formal"), ("中国共产党党员", "formal"),
        ("预备党员", "probationary"), ("中共预备党员", "probationary"), ("群众", ""),
        ("否", ""), ("共青团员", ""), ("无党派人士", ""),
    ],
)  # fmt: skip
def test_political_status(text, status):
    assert parse_political_status(text) == status


def test_unknown_political_status_is_an_error():
    with pytest.raises(ValueError, match="政治面貌“积极分子”无法识别"):
        parse_political_status("积极分子")


@pytest.mark.parametrize(
    ("text", "number"),
    [("3组", 3), ("三组", 3), ("第三村民小组", 3), ("第3组", 3), (3, 3), ("十二组", 12),
     ("二十三组", 23), ("３组", 3), ("两组", 2), ("组", None), ("东组", None)],
)  # fmt: skip
def test_group_numbers(text, number):
    assert group_number(text) == number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1949.12.31", LooseDate(dt.date(1949, 12, 31))),
        ("1949年12月31日", LooseDate(dt.date(1949, 12, 31))),
        ("１９４９－１２－３１", LooseDate(dt.date(1949, 12, 31))),
        ("1949/1/2", LooseDate(dt.date(1949, 1, 2))),
        ("19491231", LooseDate(dt.date(1949, 12, 31))),
        (19491231, LooseDate(dt.date(1949, 12, 31))),
        (excel_serial(dt.date(1949, 12, 31)), LooseDate(dt.date(1949, 12, 31))),
        (str(excel_serial(dt.date(1949, 12, 31))), LooseDate(dt.date(1949, 12, 31))),
        (float(excel_serial(dt.date(1949, 12, 31))), LooseDate(dt.date(1949, 12, 31))),
        (dt.datetime(1949, 12, 31, 0, 0), LooseDate(dt.date(1949, 12, 31))),
        ("1949.12", LooseDate(dt.date(1949, 12, 1), month_only=True)),
        ("1949年12月", LooseDate(dt.date(1949, 12, 1), month_only=True)),
        ("194912", LooseDate(dt.date(1949, 12, 1), month_only=True)),
    ],
)
def test_dates(value, expected):
    assert parse_date_value(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [  # a plain date is read straight; whatever it is not is read as before
        ("1949-12-31", LooseDate(dt.date(1949, 12, 31))),
        ("1949年1月2", LooseDate(dt.date(1949, 1, 2))),
        ("1949年1月2号", LooseDate(dt.date(1949, 1, 2))),
        (" 1949-12-31 ", LooseDate(dt.date(1949, 12, 31))),
        ("1949-12-31 08:30", LooseDate(dt.date(1949, 12, 31))),
        ("1949-12-31日", "无法识别的日期：1949-12-31日"),
        ("1949-12.31", "无法识别的日期：1949-12.31"),
        ("1949年2月30日", "日期不存在：1949年2月30日"),
        ("1949.13.01", "日期不存在：1949.13.01"),
    ],
)
def test_plain_dates_and_what_is_almost_one(value, expected):
    if isinstance(expected, str):
        with pytest.raises(DateParseError) as e:
            parse_date_value(value)
        assert str(e.value) == expected
    else:
        assert parse_date_value(value) == expected


def test_names_lose_the_spaces_that_line_them_up():
    assert clean_name(" 张\u3000\u3000三 ") == "张三"
    assert clean_name("阿依古丽•买买提") == "阿依古丽·买买提"
    assert clean_name("John  Smith") == "John Smith"


def test_ethnicity_and_gender():
    assert parse_ethnicity("汉") == ("汉族", None)
    assert parse_ethnicity("土家") == ("土家族", None)
    assert parse_ethnicity("穿青人") == ("穿青人", "民族“穿青人”不在56个民族名称中，已按原文导入")
    assert parse_gender("女性") == "F"
    with pytest.raises(ValueError, match="性别“未知”无法识别"):
        parse_gender("未知")


def row(tree, **values):
    normaliser = Normaliser(tree["town"], dt.date(2024, 6, 1))
    return normaliser.row(SourceRow(5, {"village": "东岳观村", **values}))


def test_birth_date_and_gender_come_from_the_id_number(tree):
    record = row(tree, name="张三", id_number=id_number(dt.date(1950, 2, 3), "F", 9))
    assert (record.birth_date, record.gender) == (dt.date(1950, 2, 3), "F")


def test_a_birth_month_is_checked_against_the_id_number(tree):
    number = id_number(dt.date(1950, 2, 3), "F", 9)
    assert row(tree, name="张三", id_number=number, birth_date="1950.02").birth_date == dt.date(
        1950, 2, 3
    )
    with pytest.raises(RowInvalid) as info:
        row(tree, name="张三", id_number=number, birth_date="1950.03")
    assert info.value.messages == [
        "出生年月（1950年03月）与身份证号码中的出生日期（1950-02-03）不一致"
    ]


def test_a_birth_month_without_id_is_kept_with_a_warning(tree):
    record = row(tree, name="张三", birth_date="1950年3月")
    assert record.birth_date == dt.date(1950, 3, 1)
    assert record.warnings == ("出生日期只有年月，已按1950年03月1日导入",)


def test_every_problem_of_a_row_is_reported_at_once(tree):
    with pytest.raises(RowInvalid) as info:
        row(
            tree,
            name="张三",
            gender="未知",
            birth_date="2030-01-01",
            phone="010-1234",
            political_status="积极分子",
        )
    assert info.value.messages == [
        "性别“未知”无法识别，应为“男”或“女”",
        "出生日期（2030-01-01）晚于今天",
        "电话号码“010-1234”格式错误，应为11位手机号码，或区号加固定电话号码（如0744-1234567）",
        "政治面貌“积极分子”无法识别，应为中共党员、预备党员或群众等",
    ]
