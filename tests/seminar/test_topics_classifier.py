"""The opinion classifier: clear cases pinned, deterministic, deployment keywords and
categories taken into account; the labelled set it is trained and measured on."""

from __future__ import annotations

from collections import Counter

import pytest

from sanwei.seminar import topics


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("村口路灯坏了", "roads"),
        ("通组公路什么时候硬化", "roads"),
        ("自来水停了三天了，做饭都没水", "water"),
        ("柑橘卖不出去", "agri"),
        ("独居老人没人照顾", "elder"),
        ("孩子上学太远了", "edu"),
        ("医保报销比例太低", "health"),
        ("垃圾池满了没人清运", "env"),
        ("村里的账目不公开", "gov"),
        ("低保评得不公平", "gov"),
        ("养老金什么时候能涨", "policy"),
        ("手机没信号", "other"),
        ("希望多放几场电影", "other"),
    ],
)
def test_a_clear_opinion_gets_its_category(text, code):
    assert topics.classify(text) == code


def test_the_same_text_gets_the_same_category_every_time_and_from_a_new_model():
    texts = [e.text for e in topics.load_examples()]
    first = [topics.classify(t) for t in texts]
    again = [topics.classify(t) for t in texts]
    retrained = topics.Classifier.train(topics.training_examples())
    assert again == first
    assert [retrained.classify(t) for t in texts] == first


def test_blank_text_is_other():
    assert topics.classify("   ") == "other"


def _train_half():
    return [(e.text, e.category) for e in topics.load_examples() if e.split == "train"]


def test_a_keyword_the_deployment_added_moves_an_opinion_into_that_category():
    text = "光伏板被冰雹砸坏了，发不了电"
    with_keyword = topics.Classifier.train(_train_half(), extra_keywords={"agri": ["光伏"]})
    assert topics.classify(text) == "policy"
    assert with_keyword.classify(text) == "agri"


def test_a_category_the_deployment_added_is_suggested_from_its_keywords():
    model = topics.Classifier.train(
        _train_half(),
        codes=(*topics.DEFAULT_CODES, "fire"),
        extra_keywords={"fire": ["消防", "火灾"]},
    )
    assert model.classify("村里没有消防栓，万一发生火灾怎么办") == "fire"
    assert model.classify("村口路灯坏了") == "roads"


def test_a_category_left_out_of_the_taxonomy_is_never_suggested():
    model = topics.Classifier.train(
        _train_half(), codes=[c for c in topics.DEFAULT_CODES if c != "roads"]
    )
    assert model.classify("村口路灯坏了") == "other"


def test_deployment_keywords_are_read_one_per_line_or_separated_by_spaces_commas_or_dun():
    assert topics.parse_keywords("光伏 大棚\n烤烟，茶叶、 油茶;") == [
        "光伏",
        "大棚",
        "油茶",
        "烤烟",
        "茶叶",
    ]
    assert topics.parse_keywords("") == []


def test_the_labelled_set_has_over_300_opinions_in_two_fixed_halves():
    examples = topics.load_examples()
    # 354 written first (197 train, 157 test); 81 train opinions in 27 new groups and
    # singletons added later to widen what the grouping is developed on (test half unchanged)
    assert len(examples) == 435
    assert Counter(e.split for e in examples) == {"train": 278, "test": 157}
    assert {e.category for e in examples} == set(topics.DEFAULT_CODES)
    halves_of_group: dict[str, set[str]] = {}
    for e in examples:
        if e.group:
            halves_of_group.setdefault(e.group, set()).add(e.split)
    assert len(halves_of_group) == 73
    assert all(len(halves) == 1 for halves in halves_of_group.values())  # never split
    members = Counter(e.group for e in examples if e.group)
    assert min(members.values()) == 2
