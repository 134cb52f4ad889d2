"""The demo town's quantities delivered read the seed's figures: 2000 份 森林防火承诺书 and
6048 吨 饮用水, in the town's totals (all of it within the campaign), spread over several
services and residents' needs."""

from __future__ import annotations

from decimal import Decimal

from django_scopes import scopes_disabled

from sanwei.activities.models import Campaign
from sanwei.quantities.models import Quantity
from sanwei.quantities.services import quantity_breakdown, quantity_totals
from sanwei.regions.models import Region


def test_the_demo_towns_totals_are_the_seeds(demo):
    with scopes_disabled():
        town = Region.unscoped.get(code="430821104000")
        campaign = Campaign.unscoped.get(name="学习宣传贯彻党的二十大精神")
        expected = [
            {"item": "森林防火承诺书", "unit": "份", "total": Decimal("2000")},
            {"item": "饮用水", "unit": "吨", "total": Decimal("6048")},
        ]
        assert quantity_totals(town) == expected
        assert quantity_totals(town, campaign=campaign) == expected
        water = Quantity.unscoped.filter(item="饮用水")
        assert water.filter(need__isnull=False).count() == 3
        assert water.filter(activity__isnull=False).count() >= 1
        lines = quantity_breakdown(town).children
        assert sum(1 for line in lines if line.totals) >= 2
