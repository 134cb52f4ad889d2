"""Near-duplicate grouping: pinned cases, numbering, determinism."""

from __future__ import annotations

from sanwei.seminar import topics

OPINIONS = [
    "村口路灯坏了",
    "村口的路灯晚上不亮",
    "医保费太贵了",
    "自来水经常停水",
    "合作医疗一年比一年贵，交不起",
    "六组又停水了，做饭没水",
    "野猪把红薯拱了",
]


def test_the_broken_lamp_said_two_ways_is_one_group():
    assert topics.group(["村口路灯坏了", "村口的路灯晚上不亮"]) == [1, 1]


def test_groups_are_numbered_by_first_appearance_and_a_lone_opinion_has_none():
    assert topics.group(OPINIONS) == [1, 1, 2, 3, 2, 3, None]


def test_the_same_opinions_are_grouped_the_same_way_every_time():
    assert {tuple(topics.group(OPINIONS)) for _ in range(5)} == {(1, 1, 2, 3, 2, 3, None)}


def test_the_same_issue_with_a_different_problem_is_not_a_duplicate():
    # a broken lamp and too few lamps: both about street lights, two different requests
    assert topics.group(["村口路灯坏了，晚上黑漆漆的", "二组路灯太少了，想加装几盏"]) == [
        None,
        None,
    ]


def test_unrelated_opinions_stay_alone():
    assert topics.group(["村口路灯坏了", "医保费太贵了", "希望多放几场电影"]) == [None] * 3


def test_best_match_takes_the_most_similar_candidate_above_the_threshold():
    candidates = [("water", "自来水经常停水"), ("lamp", "村口的路灯晚上不亮")]
    assert topics.best_match("村口路灯坏了", candidates) == "lamp"
    assert topics.best_match("希望多放几场电影", candidates) is None


def test_a_paraphrase_sharing_no_word_of_the_trouble_is_grouped_through_the_issue():
    # 水压太小 / 水压不够 … 只滴几滴: the issue (water pressure) says what is wrong
    assert topics.group(
        ["二楼的自来水水压太小，洗澡都洗不成", "一到傍晚水压不够，水龙头只滴几滴"]
    ) == [
        1,
        1,
    ]


def test_the_same_complaint_about_people_of_two_categories_is_not_a_duplicate():
    # a care worker's manner (elderly care) and a cadre's manner (governance)
    assert topics.group(["敬老院的护工态度不好", "村委会的干部态度太差，爱理不理"]) == [None, None]


def test_asking_how_to_apply_and_saying_it_is_unpaid_are_two_requests():
    assert topics.group(["残疾人护理补贴怎么申请", "残疾人护理补贴今年还没发"]) == [None, None]


def test_a_broken_shelter_and_a_missing_one_are_two_requests():
    assert topics.group(["候车亭被货车撞坏了", "希望修个候车亭"]) == [None, None]


def test_the_same_complaint_about_two_offices_is_not_a_duplicate():
    # both a rude manner (governance), but at the village committee and at the town hall
    assert topics.group(
        ["村委会的干部态度太差，爱理不理", "镇政府办事大厅的人态度不好，说话很冲"]
    ) == [None, None]


def test_the_same_complaint_about_the_same_office_is_one_group():
    # 村委会 and 村部 are one office
    assert topics.group(["村委会的干部态度太差，爱理不理", "村部的干部说话很冲，态度不好"]) == [
        1,
        1,
    ]


def test_a_complaint_naming_no_office_joins_one_that_names_it():
    assert topics.group(["村委会的干部态度太差", "干部态度不好，爱理不理"]) == [1, 1]


def test_the_same_trouble_with_two_different_things_is_not_a_duplicate():
    # both without water, but one asks for a well and the other for the broken pipe
    assert topics.group(
        ["希望给我们组打一口深水井，不然天旱没水喝", "后山的引水管被野猪拱断了，几户人家没水吃"]
    ) == [None, None]


def test_a_consequence_said_beside_the_request_does_not_keep_two_texts_apart():
    # no guard rail / put one up, it is dangerous: the same request
    assert topics.group(["急弯那里没有护栏", "急弯那里要装护栏，太危险了"]) == [1, 1]


# A chain of look-alikes: the first two lack water, the second pair has a leaking pipe; the
# third text lacks water AND has a leaking pipe, so it is like both ends of the chain, but
# 自来水经常停水 and 水管破了一直漏水 are not alike at all.
CHAIN = ["自来水经常停水", "六组又停水了，做饭没水", "停水了，水管破了漏水", "水管破了一直漏水"]


def test_a_chain_of_look_alikes_does_not_pull_its_two_ends_into_one_group():
    # complete link: every two texts of a group must be alike, not just neighbours
    assert topics.group(CHAIN) == [1, 1, 2, 2]


def test_a_new_text_joins_a_group_only_when_it_is_like_every_member():
    group_of = {"tap": "water", "pipe_and_tap": "water"}.get
    candidates = [("tap", CHAIN[0]), ("pipe_and_tap", CHAIN[2])]
    # like 停水了，水管破了漏水 but not like 自来水经常停水: the group is not joined …
    assert topics.best_match(CHAIN[3], candidates, group_of=group_of) is None
    # … while each candidate taken alone, the most similar one is
    assert topics.best_match(CHAIN[3], candidates) == "pipe_and_tap"
    # like both members of a group: joined, through the more similar one
    group_of = {"tap": "water", "tap_again": "water"}.get
    candidates = [("tap", CHAIN[0]), ("tap_again", "自来水三天两头停水，做饭都没水")]
    assert topics.best_match(CHAIN[1], candidates, group_of=group_of) == "tap_again"
