"""A household whose members are registered in two 组 counts in each 组 and once in their
village and town, and is reached in a 组 only through a member registered there — read
from the counts per region path (no period) and counted from the rows (a period without
bounds) alike. Worked out by hand on the village of `conftest.village`."""

from __future__ import annotations

import pytest

from sanwei.coverage.engine import Period, coverage
from sanwei.people.models import Person


def households(c) -> tuple[int, int]:
    return (c.households.reached, c.households.total)


@pytest.mark.parametrize("period", [None, Period()], ids=["stored", "counted"])
def test_a_household_in_two_groups_counts_in_each_and_once_above(village, period):
    # 李四 (H1, not reached: the lecturer) moves to 2组; 张三 (H1, reached) stays in 1组.
    Person.unscoped.filter(pk=village.people.li4.pk).update(region=village.g2)

    town = coverage(village.campaign, village.town, period=period, depth=2)

    # H1…H5; reached: H1 (张三), H3 (孙七), H4 (赵六).
    assert households(town) == (3, 5)
    a = town.children[0]
    assert households(a) == (3, 4)  # H1, H2, H3, H4
    assert [(c.name, households(c)) for c in a.children] == [
        ("1组", (1, 2)),  # H1 (张三, reached), H2
        ("2组", (2, 3)),  # H1 (李四 only: not reached), H3 (孙七), H4 (赵六)
        ("未分到下级区划", (0, 0)),  # 郑十, no household
    ]
    assert (a.children[1].persons.reached, a.children[1].persons.total) == (2, 5)
