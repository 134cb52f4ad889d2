"""The demo town's gap list: the residents its campaign has not reached yet, hardest to
reach first, as many as the coverage engine says are missing."""

from django_scopes import scopes_disabled

from sanwei.activities.models import Campaign
from sanwei.coverage import gaps
from sanwei.coverage.engine import coverage
from sanwei.demo.builder import TOWN_CODE
from sanwei.regions.models import Region


def test_the_demo_town_has_a_gap_list_hardest_first(demo):
    with scopes_disabled():
        campaign = Campaign.unscoped.get()
        town = coverage(campaign, Region.unscoped.get(code=TOWN_CODE))
        people = gaps.gap_persons(campaign)
        first_page = list(people[:50])
        counts = people.count(), gaps.gap_households(campaign).count()

    assert counts == (town.persons.missing, town.households.missing)
    assert counts[0] > 0 and counts[1] > 0
    assert first_page[0].priority >= 8
    assert gaps.reasons(first_page[0])[0] == "70岁以上"
    priorities = [p.priority for p in first_page]
    assert priorities == sorted(priorities, reverse=True)
