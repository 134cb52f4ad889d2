"""Figures are of the asked region's subtree only, with one row per child region: a village
(its 组), a town (its villages), a county (its towns)."""

from __future__ import annotations

import datetime as dt

from sanwei.regions.models import RegionLevel
from sanwei.reports.figures import figures

from ..factories import RegionFactory

MARCH_1 = dt.date(2023, 3, 1)


def test_a_village_sees_its_own_records_only(town):
    f = figures(town["village_b"], town["campaign"], today=MARCH_1)
    assert f.activities["mobile_lecture"].person_times == 32
    assert f.activities["offline_training"].person_times == 1
    assert f.classroom.lectures.teams == 1 and f.classroom.lectures.lectures == 0
    assert (f.coverage.persons.reached, f.coverage.persons.total) == (2, 3)
    assert f.seminar.opinions.collected == 1
    assert f.seminar.essays.collected == 0
    assert (f.service.hours, f.service.needs.reported) == (2, 1)
    assert f.children == []  # a village without 组 has no rows below it


def test_a_village_with_groups_has_a_row_per_group(town):
    group = RegionFactory(code="430821104201001", name="一组", level=RegionLevel.GROUP,
                          parent=town["village_a"])  # fmt: skip
    f = figures(town["village_a"], town["campaign"], today=MARCH_1)
    assert [c.name for c in f.children] == ["一组", "未分到下级区划"]
    assert f.children[0].region == group
    assert f.children[0].is_empty()
    # Everything in A is recorded at the village itself.
    assert f.children[1].activities["mobile_lecture"].person_times == 28
    assert f.children[1].service.hours == 4


def test_a_county_has_a_row_per_town_and_the_other_town_is_separate(town):
    county = figures(town["county"], town["campaign"], today=MARCH_1)
    assert [c.name for c in county.children] == ["东岳观镇", "通津铺镇"]
    ours, other = county.children
    # The other town's training (audience p6) is the county's and the other town's only.
    assert county.activities["offline_training"].sessions == 2
    assert county.activities["offline_training"].persons == 4
    assert ours.activities["offline_training"].persons == 3
    assert other.activities["offline_training"].persons == 1
    assert (other.coverage.persons.reached, other.coverage.persons.total) == (1, 1)
    assert ours.service.hours == 6 and other.service.hours == 0
    assert county.coverage.persons.total == 7
    town_figures = figures(town["town"], town["campaign"], today=MARCH_1)
    assert town_figures.activities["offline_training"].persons == 3
