"""The learned pair score: synonyms from the general list, numbered units, the shipped
weights reproducible from the train rows."""

from __future__ import annotations

from sanwei.seminar import topics


def test_wild_boar_called_mountain_pig_is_one_group():
    # 山猪 is not in the hand tables; the synonym list makes it 野猪
    assert topics.group(["野猪晚上下来把苞谷全拱了", "山猪下山拱苞谷，一晚上拱了半块地"]) == [1, 1]


def test_fertiliser_said_two_ways_is_one_group():
    assert topics.group(["化肥又涨价了，种田划不来", "肥料一包涨了二十块，种田不赚钱"]) == [1, 1]


def test_the_same_trouble_in_two_numbered_groups_is_not_a_duplicate():
    assert topics.group(["五组的路灯坏了", "七组的路灯坏了"]) == [None, None]


def test_a_numbered_group_spelt_in_digits_is_the_same_place():
    assert topics.group(["十二组的路灯坏了", "12组路灯不亮了"]) == [1, 1]


def test_numbered_units_read_chinese_and_fullwidth_numbers():
    assert topics.numbered_units("十二组和３队，二十号") == frozenset({"12组", "3队", "20号"})


def test_synonyms_share_a_key_and_other_words_keep_their_own():
    assert topics.synonym_key("山猪") == topics.synonym_key("野猪") != "野猪"
    assert topics.synonym_key("苞谷") == "苞谷"


def test_the_shipped_pair_model_is_what_the_train_rows_give():
    sets = [[e for e in topics.load_examples(f) if e.split == "train"] for f in topics.DATA_FILES]
    trained = topics.PairModel.train(sets, topics.default_classifier())
    shipped = topics.PairModel.load()
    assert trained.weights == shipped.weights
    assert dict(trained.idf) == dict(shipped.idf)
