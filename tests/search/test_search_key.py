"""The search key of a name and the normalised query."""

import pytest

from sanwei.core.search import SEARCH_TEXT_MAX_LENGTH, name_readings, normalise_query, search_key


def test_key_holds_name_pinyin_initials_and_mixes():
    key = search_key("张三丰").split()
    assert key[0] == "张三丰"
    for query in ("zhangsanfeng", "zsf", "zhangsf", "zsanf", "zsfeng", "zhangs"):
        assert any(query in form for form in key), query


def test_forms_contained_in_others_are_left_out():
    key = search_key("张三").split()
    assert "zs" not in key  # inside "zsan"
    assert all(a not in b for a in key for b in key if a != b)


@pytest.mark.parametrize(
    ("name", "surname"),
    [
        ("曾国华", "zeng"),
        ("单田芳", "shan"),
        ("解晓东", "xie"),
        ("仇英", "qiu"),
        ("区伟", "ou"),
        ("朴树", "piao"),
        ("查良镛", "zha"),
        ("翟志刚", "zhai"),
        ("缪斯", "miao"),
    ],
)
def test_surnames_are_read_as_surnames_first(name, surname):
    readings = name_readings(name)
    assert readings[0][0] == surname
    assert len(readings) == 2  # and the ordinary reading


def test_compound_surnames():
    assert name_readings("尉迟敬德")[0][:2] == ["yu", "chi"]
    assert name_readings("万俟卨")[0][:2] == ["mo", "qi"]


def test_key_is_simplified_and_fits_the_column():
    assert search_key("張三豐").startswith("张三丰 zhangsanfeng")
    long_name = "阿卜杜热合曼·艾合买提江·买买提依明·吐尔逊"
    key = search_key(long_name)
    assert len(key) <= SEARCH_TEXT_MAX_LENGTH
    assert key.startswith("阿卜杜热合曼艾合买提江买买提依明吐尔逊 ")


def test_key_of_a_name_in_latin_letters():
    assert search_key("Tom Lee") == "tomlee"


@pytest.mark.parametrize(
    ("query", "normal"),
    [
        ("ZhangSan", "zhangsan"),
        (" li si ", "lisi"),
        ("張三豐", "张三丰"),
        ("ｚｓ", "zs"),
        ("１２３４", "1234"),
        ("138-0000-1234", "13800001234"),
        ("+86 138 0000 1234", "13800001234"),
        ("xi'an", "xian"),
        ("", ""),
    ],
)
def test_normalise_query(query, normal):
    assert normalise_query(query) == normal
