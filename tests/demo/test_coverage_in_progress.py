"""The demo town's campaign is in progress on its 'today': part of the town reached, some
villages ahead and others behind, households ahead of persons; residents live in their 组."""

from django_scopes import scopes_disabled

from sanwei.activities.models import Campaign
from sanwei.coverage.engine import coverage
from sanwei.demo.builder import TOWN_CODE
from sanwei.people.models import Household, Person
from sanwei.regions.models import Region, RegionLevel


def test_the_campaign_is_in_progress(demo):
    with scopes_disabled():
        campaign = Campaign.unscoped.get()
        town = coverage(campaign, Region.unscoped.get(code=TOWN_CODE))

    # (town-level trainings add 人次 in a "未分到下级区划" row without residents)
    villages = [c.persons.percent for c in town.children if c.region is not None]
    assert 40 <= town.persons.percent <= 90
    assert max(villages) >= 80
    assert min(villages) <= 50
    assert town.households.percent >= town.persons.percent
    assert len(villages) == 16
    assert sum(c.persons.total for c in town.children if c.region is not None) == (
        town.persons.total
    )  # every resident lives in a village


def test_some_villages_are_ahead_of_the_target_and_most_behind(demo):
    with scopes_disabled():
        campaign = Campaign.unscoped.get()
        town = coverage(campaign, Region.unscoped.get(code=TOWN_CODE))

    met = [c.persons.met for c in town.children if c.region is not None]
    assert 1 <= met.count(True) < met.count(False)


def test_households_and_residents_are_registered_in_their_group(demo):
    with scopes_disabled():
        groups = Region.unscoped.filter(level=RegionLevel.GROUP)
        assert groups.exists()
        assert not Household.unscoped.exclude(region__level=RegionLevel.GROUP).exists()
        assert not Person.unscoped.exclude(region__level=RegionLevel.GROUP).exists()
        for group in groups.select_related("parent")[:20]:
            assert group.code[:12] == group.parent.code
            assert group.name == f"{int(group.code[12:])}组"
        # the address names the household's 组
        for household in Household.unscoped.select_related("region", "region__parent")[:50]:
            village, group = household.region.parent.name, household.region.name
            assert f"{village}{group}" in household.address
