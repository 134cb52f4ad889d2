"""With a campaign: the quantities of its activities, and of the needs in its region
dated within its dates (needs belong to no campaign)."""

import datetime as dt

from sanwei.needs.models import NeedResolution
from sanwei.quantities.services import quantity_totals

from ..factories import ActivityFactory, CampaignFactory, QuantityFactory, need_in_state
from .conftest import bj, totals


def test_a_campaign_counts_its_activities_and_the_needs_done_during_it(tree):
    town = tree["town"]
    campaign = CampaignFactory(
        region=town, starts_on=dt.date(2022, 11, 1), ends_on=dt.date(2023, 3, 31)
    )
    other_campaign = CampaignFactory(region=town, name="平安建设")
    ours = ActivityFactory(region=tree["village_a"], campaign=campaign)
    theirs = ActivityFactory(region=tree["village_a"], campaign=other_campaign)
    QuantityFactory(activity=ours, item="承诺书", unit="份", quantity=2000)
    QuantityFactory(activity=theirs, item="承诺书", unit="份", quantity=70)
    during = need_in_state("resolved", region=tree["village_b"])
    NeedResolution.unscoped.filter(need=during).update(resolved_at=bj(2023, 3, 31, 22))
    after = need_in_state("resolved", region=tree["village_b"])
    NeedResolution.unscoped.filter(need=after).update(resolved_at=bj(2023, 4, 1, 8))
    QuantityFactory(activity=None, need=during, item="饮用水", unit="吨", quantity=48)
    QuantityFactory(activity=None, need=after, item="饮用水", unit="吨", quantity=5)
    elsewhere = need_in_state("resolved", region=tree["other_village"])
    NeedResolution.unscoped.filter(need=elsewhere).update(resolved_at=bj(2023, 1, 9))
    QuantityFactory(activity=None, need=elsewhere, item="饮用水", unit="吨", quantity=7)

    assert totals(quantity_totals(town, campaign=campaign)) == [
        ("承诺书", "份", "2000"),
        ("饮用水", "吨", "48"),
    ]
    assert totals(quantity_totals(tree["county"], campaign=campaign)) == [
        ("承诺书", "份", "2000"),
        ("饮用水", "吨", "48"),
    ]
    assert totals(quantity_totals(town)) == [("承诺书", "份", "2070"), ("饮用水", "吨", "53")]
