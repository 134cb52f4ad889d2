"""`search_people`: name, full pinyin, initials and their mixes, traditional characters,
polyphonic surnames, phone tail, and nothing for what matches nothing."""

import pytest

from sanwei.core.search import search_key
from sanwei.people.models import Person
from sanwei.people.services import search_people


def found(tree, query: str, user=None) -> set[str]:
    village = tree["village_a"]
    people = Person.unscoped.filter(region=village)
    return set(search_people(people, query, user=user).values_list("name", flat=True))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("张三", {"张三", "张三丰"}),
        ("三丰", {"张三丰"}),
        ("zhangsan", {"张三", "张三丰"}),
        ("zhangsanfeng", {"张三丰"}),
        ("ZhangSan", {"张三", "张三丰"}),
        ("zhang san feng", {"张三丰"}),
        ("ｚｈａｎｇ", {"张三", "张三丰"}),  # full-width letters
    ],
)
def test_name_and_full_pinyin(residents, tree, query, expected):
    assert found(tree, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zs", {"张三", "张三丰"}),
        ("zsf", {"张三丰"}),
        ("ls", {"李四"}),
        ("oynn", {"欧阳娜娜"}),
    ],
)
def test_initials(residents, tree, query, expected):
    assert found(tree, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zhangs", {"张三", "张三丰"}),
        ("zhangsf", {"张三丰"}),
        ("zsanf", {"张三丰"}),
        ("zsfeng", {"张三丰"}),
        ("ouyangnn", {"欧阳娜娜"}),
    ],
)
def test_pinyin_mixed_with_initials(residents, tree, query, expected):
    assert found(tree, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("張三豐", {"张三丰"}),
        ("張", {"张三", "张三丰"}),
        ("鎮", {"王镇"}),
        ("歐陽", {"欧阳娜娜"}),
    ],
)
def test_traditional_characters_find_simplified_names(residents, tree, query, expected):
    assert found(tree, query) == expected


def test_traditional_name_is_found_by_simplified_query(tree):
    from ..factories import PersonFactory

    PersonFactory(name="陳鎮國", region=tree["village_a"])
    assert found(tree, "陈镇国") == {"陳鎮國"}
    assert found(tree, "chenzhenguo") == {"陳鎮國"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zengguohua", {"曾国华"}),
        ("zgh", {"曾国华"}),
        ("cengguohua", {"曾国华"}),  # the ordinary reading still finds it
        ("shantianfang", {"单田芳"}),
        ("stf", {"单田芳"}),
        ("dantianfang", {"单田芳"}),
        ("xiexiaodong", {"解晓东"}),
        ("xxd", {"解晓东"}),
        ("qiuxiaohong", {"仇小红"}),
    ],
)
def test_polyphonic_surnames(residents, tree, query, expected):
    assert found(tree, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("1234", {"张三"}),
        ("01234", {"张三"}),
        ("13800001234", {"张三"}),
        ("138-0000-1234", {"张三"}),
        ("+86 138 0000 1234", {"张三"}),
        ("4321", {"张三丰"}),
        ("91234", set()),  # the tail matches, the longer tail does not
        ("123", set()),  # fewer than four digits: no phone search
    ],
)
def test_phone_tail(residents, tree, secretary_a, query, expected):
    """For a user who may see the village's phones unmasked (see test_phone_search_oracle
    for the others)."""
    assert found(tree, query, secretary_a) == expected


@pytest.mark.parametrize("query", ["wangwu", "zzz", "赵", "9999", "wq"])
def test_no_match(residents, tree, query):
    assert found(tree, query) == set()


def test_empty_query_filters_nothing(residents, tree):
    assert len(found(tree, "  ")) == 9


def test_phone_tail_is_written_with_the_phone_by_save_bulk_update_and_bulk_create(residents, tree):
    """The phone is stored encrypted; its tail is a plain column that every write path
    (save, bulk_update, bulk_create) stores with it."""
    li = Person.unscoped.get(name="李四")
    li.phone = "13711112222"
    Person.unscoped.bulk_update([li], ["phone_encrypted", "phone_hash", "phone_tail"])
    assert found(tree, "2222") == {"李四"}
    assert found(tree, "5678") == set()
    Person.unscoped.bulk_create(
        [
            Person(
                name="周八",
                region=tree["village_a"],
                phone="13122223333",
                search_text=search_key("周八"),
            )
        ]
    )
    assert found(tree, "3333") == {"周八"}
    assert found(tree, "zb") == {"周八"}
    zhou = Person.unscoped.get(name="周八")
    zhou.phone = ""
    zhou.save()
    assert found(tree, "3333") == set()
