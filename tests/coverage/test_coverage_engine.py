"""The coverage engine on the hand-built village (tests/coverage/conftest.py): every figure
below is worked out by hand from the village's docstring."""

import datetime as dt

from sanwei.coverage.engine import Period, coverage, is_reached


def figures(c):
    return (
        (c.persons.reached, c.persons.total, c.persons.percent),
        (c.party_members.reached, c.party_members.total, c.party_members.percent),
        (c.households.reached, c.households.total, c.households.percent),
        c.audience_person_times,
    )


def test_town_counts_each_reached_person_once(village):
    town = coverage(village.campaign, village.town)

    # 张三 (main + sub-venue, once), 赵六 (sub-venue), 孙七 (delivery) of 9 residents;
    # 张三 and 赵六 of the 3 party members; H1, H3, H4 of 5 households.
    # 人次: M 30 + 1, S 2, D 1, B's head count 20.
    assert figures(town) == ((3, 9, 33.3), (2, 3, 66.7), (3, 5, 60.0), 54)


def test_targets_are_the_campaigns(village):
    town = coverage(village.campaign, village.town)

    assert (town.persons.target, town.persons.met) == (90, False)
    assert (town.party_members.target, town.party_members.met) == (90, False)
    assert (town.households.target, town.households.met) == (60, True)  # 3×100 ≥ 60×5


def test_children_are_the_villages(village):
    town = coverage(village.campaign, village.town)

    assert [(c.name, figures(c)) for c in town.children] == [
        ("东岳观村", ((3, 8, 37.5), (2, 2, 100.0), (3, 4, 75.0), 34)),
        ("双岗村", ((0, 1, 0.0), (0, 1, 0.0), (0, 1, 0.0), 20)),
    ]


def test_village_rolls_up_its_groups_and_the_residents_at_the_village_itself(village):
    a = coverage(village.campaign, village.a)

    # 赵六 now lives in H4 (2组): H2 (王五 only) is not reached, H4 is.
    assert [(c.name, figures(c)) for c in a.children] == [
        ("1组", ((1, 3, 33.3), (1, 1, 100.0), (1, 2, 50.0), 2)),
        ("2组", ((2, 4, 50.0), (1, 1, 100.0), (2, 2, 100.0), 1)),
        ("未分到下级区划", ((0, 1, 0.0), (0, 0, None), (0, 0, None), 31)),
    ]
    assert figures(a) == ((3, 8, 37.5), (2, 2, 100.0), (3, 4, 75.0), 34)


def test_depth_two_goes_down_to_the_groups(village):
    town = coverage(village.campaign, village.town, depth=2)

    assert [c.name for c in town.children[0].children] == ["1组", "2组", "未分到下级区划"]
    assert town.children[1].children == []
    assert coverage(village.campaign, village.town, depth=0).children == []


def test_a_period_counts_activities_by_their_local_start_day(village):
    november = Period(dt.date(2022, 11, 1), dt.date(2022, 11, 30))
    december = Period(start=dt.date(2022, 12, 1))

    # The delivery to 孙七 (5 Dec) and B's head-count lecture (1 Dec) are outside November.
    assert figures(coverage(village.campaign, village.town, period=november)) == (
        (2, 9, 22.2), (2, 3, 66.7), (2, 5, 40.0), 33,
    )  # fmt: skip
    assert figures(coverage(village.campaign, village.town, period=december)) == (
        (1, 9, 11.1), (0, 3, 0.0), (1, 5, 20.0), 21,
    )  # fmt: skip


def test_a_late_evening_activity_counts_on_its_beijing_day(village):
    # 23:30 on 30 November in Beijing is 15:30 UTC the same day; 00:30 on 1 Dec is 30 Nov UTC.
    village.main.starts_at = dt.datetime(
        2022, 12, 1, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))
    )
    village.main.ends_at = village.main.starts_at + dt.timedelta(hours=1)
    village.main.save()
    november = Period(dt.date(2022, 11, 1), dt.date(2022, 11, 30))

    town = coverage(village.campaign, village.town, period=november)

    # M moved to December: 张三 and 赵六 still reached at S (20 Nov); 人次 2 (S only).
    assert figures(town) == ((2, 9, 22.2), (2, 3, 66.7), (2, 5, 40.0), 2)


def test_is_reached(village):
    p = village.people
    assert [is_reached(village.campaign, x) for x in (p.zhang3, p.li4, p.zhou8, p.wu9, p.sun7)] == [
        True, False, False, False, True,
    ]  # fmt: skip
