"""The gap list on the hand-built village (tests/coverage/conftest.py): who is not reached,
in which order, and why. Not reached there: 李四, 王五 (1组), 周八, 吴九 (2组), 郑十 (the
village itself) and 钱一 (双岗村); households H2 {王五} and H5 {钱一}."""

import datetime as dt

import pytest

from sanwei.coverage import gaps

TODAY = dt.date(2022, 12, 31)  # 70 and over: born on or before 1952-12-31


@pytest.fixture
def flagged(village):
    p = village.people
    p.wu9.birth_date, p.wu9.is_migrant = dt.date(1952, 12, 31), True  # 70 today
    p.wu9.migrant_destination = "广东深圳"
    p.wang5.is_frail = True
    p.zheng10.is_mobility_impaired = True
    p.qian1.is_migrant = True  # no destination known
    p.zhou8.birth_date = dt.date(1953, 1, 1)  # 69 today: no flag
    for person in (p.wu9, p.wang5, p.zheng10, p.qian1, p.zhou8):
        person.save()
    return village


def rows(people):
    return [(p.name, p.priority, gaps.reasons(p, TODAY)) for p in people]


def test_persons_not_reached_hardest_first_with_their_reasons(flagged):
    people = gaps.gap_persons(flagged.campaign, today=TODAY)

    assert rows(people) == [
        ("吴九", 9, ["70岁以上", "外出流动：广东深圳"]),
        ("王五", 4, ["体弱多病"]),
        ("郑十", 2, ["行动不便"]),
        ("钱一", 1, ["外出流动"]),
        ("李四", 0, []),  # 1组 before 2组
        ("周八", 0, []),
    ]


def test_elderly_outranks_every_other_flag_together(flagged):
    p = flagged.people
    p.wang5.is_mobility_impaired = p.wang5.is_migrant = True  # frail too: 4 + 2 + 1
    p.wang5.save()
    p.wu9.is_migrant = False  # 70 only: 8
    p.wu9.save()

    people = gaps.gap_persons(flagged.campaign, today=TODAY)

    assert rows(people)[:2] == [
        ("吴九", 8, ["70岁以上"]),
        ("王五", 7, ["体弱多病", "行动不便", "外出流动"]),
    ]


def test_ties_go_by_group_then_household_then_name(village):
    # Nobody flagged: the village itself (郑十) comes before its groups, 1组's H1 (李四)
    # before H2 (王五), 2组's H4 by name (吴九 before 周八), then 双岗村 (钱一).
    people = gaps.gap_persons(village.campaign, today=TODAY)

    assert [p.name for p in people] == ["郑十", "李四", "王五", "吴九", "周八", "钱一"]


def test_a_region_narrows_the_list_to_its_subtree(flagged):
    people = gaps.gap_persons(flagged.campaign, flagged.g2, today=TODAY)

    assert [p.name for p in people] == ["吴九", "周八"]


def test_reached_by_delivery_or_sub_venue_is_not_a_gap(flagged):
    # 孙七 (77, reached by delivery), 张三 and 赵六 (sub-venue) are not listed.
    names = {p.name for p in gaps.gap_persons(flagged.campaign, today=TODAY)}

    assert names.isdisjoint({"孙七", "张三", "赵六"})


def test_households_not_reached_with_their_head_members_and_reasons(flagged):
    households = gaps.gap_households(flagged.campaign, today=TODAY)

    # H2 (王五 frail, 4) before H5 (钱一 migrant, 1). H1 (张三), H3 (孙七) and H4 (赵六
    # moved in) are reached through a member.
    assert [
        (
            h.pk,
            h.priority,
            h.head.name,
            [m.name for m in h.members.all()],
            gaps.household_reasons(h, TODAY),
        )
        for h in households
    ] == [
        (flagged.households.h2.pk, 4, "王五", ["王五"], ["体弱多病"]),
        (flagged.households.h5.pk, 1, "钱一", ["钱一"], ["外出流动"]),
    ]


def test_a_household_without_members_is_not_a_gap(village):
    from ..factories import HouseholdFactory

    HouseholdFactory(region=village.g1)

    households = gaps.gap_households(village.campaign, today=TODAY)

    assert [h.pk for h in households] == [village.households.h2.pk, village.households.h5.pk]
