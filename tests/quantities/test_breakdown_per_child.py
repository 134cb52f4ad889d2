"""The per-child breakdown: every child region's totals (empty ones too), and what was
recorded at the parent itself as one more line; the lines add up to the parent's."""

from sanwei.quantities.services import quantity_breakdown

from ..factories import ActivityFactory, QuantityFactory, RegionFactory
from .conftest import totals


def _lines(breakdown):
    return [(line.name, totals([t.as_dict() for t in line.totals])) for line in breakdown.children]


def test_each_village_of_the_town_and_the_town_itself(tree):
    group = RegionFactory(code="430821104201001", name="一组", level=6, parent=tree["village_a"])
    QuantityFactory(activity=ActivityFactory(region=group), item="饮用水", unit="吨", quantity=20)
    QuantityFactory(
        activity=ActivityFactory(region=tree["village_a"]), item="饮用水", unit="吨", quantity=30
    )
    QuantityFactory(
        activity=ActivityFactory(region=tree["town"]), item="承诺书", unit="份", quantity=500
    )

    breakdown = quantity_breakdown(tree["town"])

    assert totals([t.as_dict() for t in breakdown.totals]) == [
        ("承诺书", "份", "500"),
        ("饮用水", "吨", "50"),
    ]
    assert _lines(breakdown) == [
        ("东岳观村", [("饮用水", "吨", "50")]),
        ("双岗村", []),
        ("未分到下级区划", [("承诺书", "份", "500")]),
    ]


def test_a_village_breaks_down_by_its_groups(tree):
    group = RegionFactory(code="430821104201001", name="一组", level=6, parent=tree["village_a"])
    QuantityFactory(activity=ActivityFactory(region=group), item="大米", unit="袋", quantity=3)

    breakdown = quantity_breakdown(tree["village_a"])

    assert _lines(breakdown) == [("一组", [("大米", "袋", "3")])]
