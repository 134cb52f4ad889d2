"""The residents and a campaign's reached persons per region path (`RegionCount`, kept by
triggers): persons, party members and households under each path and exactly at it, a
household counting once under every path where a member is registered. Worked out by hand
on the village of `conftest.village`; then a household split over two 组 and a whole
household moved in one statement."""

from __future__ import annotations

from sanwei.coverage import summary
from sanwei.coverage.models import RESIDENTS, RegionCount
from sanwei.people.models import Person

TOWN, A, B = "430821104", "430821104201", "430821104202"
G1, G2 = "430821104201001", "430821104201002"


def counts(key: int) -> dict[str, tuple[int, ...]]:
    """path → (persons, party members, households, own persons, own party, own households)"""
    return {
        row.path: (
            row.persons,
            row.party_members,
            row.households,
            row.own_persons,
            row.own_party_members,
            row.own_households,
        )
        for row in RegionCount.objects.filter(campaign_key=key)
        if row.persons or row.own_persons
    }


def town_and_above(values: tuple[int, ...]) -> dict[str, tuple[int, ...]]:
    """The same counts at the town and at each path above it (province, city, county): the
    village of `conftest.village` is the only one counted there."""
    return dict.fromkeys(("43", "4308", "430821", TOWN), values)


def test_residents_are_counted_under_every_prefix_of_their_region(village):
    # 1组: 张三 (H1, 党员), 李四 (H1), 王五 (H2); 2组: 孙七 (H3), 周八, 吴九, 赵六 (H4, 党员);
    # village A itself: 郑十 (no household); village B: 钱一 (H5, 党员).
    assert counts(RESIDENTS) == {
        **town_and_above((9, 3, 5, 0, 0, 0)),
        A: (8, 2, 4, 1, 0, 0),
        G1: (3, 1, 2, 3, 1, 2),
        G2: (4, 1, 2, 4, 1, 2),
        B: (1, 1, 1, 1, 1, 1),
    }


def test_reached_persons_are_counted_per_campaign(village):
    # Reached: 张三 (1组, H1, 党员), 赵六 (moved to 2组, H4, 党员), 孙七 (2组, H3).
    assert counts(village.campaign.pk) == {
        **town_and_above((3, 2, 3, 0, 0, 0)),
        A: (3, 2, 3, 0, 0, 0),
        G1: (1, 1, 1, 1, 1, 1),
        G2: (2, 1, 2, 2, 1, 2),
    }


def test_a_household_split_over_two_groups_counts_once_in_the_village(village):
    p, h = village.people, village.households
    Person.unscoped.filter(pk=p.li4.pk).update(region=village.g2)  # H1: 1组 and 2组
    residents = counts(RESIDENTS)
    assert residents[A] == (8, 2, 4, 1, 0, 0)
    assert residents[G1] == (2, 1, 2, 2, 1, 2)  # 张三 (H1), 王五 (H2)
    assert residents[G2] == (5, 1, 3, 5, 1, 3)  # H3, H4 and H1 (李四)

    # The whole of H4 (周八, 吴九, 赵六) moves to village B in one statement.
    assert Person.unscoped.filter(household=h.h4).update(region=village.b) == 3
    residents = counts(RESIDENTS)
    assert residents[TOWN] == (9, 3, 5, 0, 0, 0)
    assert residents[A] == (5, 1, 3, 1, 0, 0)  # H1, H2, H3
    assert residents[G2] == (2, 0, 2, 2, 0, 2)  # 孙七 (H3), 李四 (H1)
    assert residents[B] == (4, 2, 2, 4, 2, 2)  # H5, H4
    reached = counts(village.campaign.pk)
    assert reached[A] == (2, 1, 2, 0, 0, 0)  # 张三, 孙七
    assert reached[G2] == (1, 0, 1, 1, 0, 1)
    assert reached[B] == (1, 1, 1, 1, 1, 1)  # 赵六
    assert set(summary.drift().values()) == {0}
