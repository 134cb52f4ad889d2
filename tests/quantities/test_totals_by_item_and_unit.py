"""Totals add the same item in the same unit over a region's subtree: the town counts
both villages, a village only its own, another town nothing of this one's."""

from sanwei.accounts.permissions import SYSTEM
from sanwei.quantities.services import add_quantity, quantity_totals

from ..factories import ActivityFactory, QuantityFactory, need_in_state
from .conftest import totals


def test_the_same_item_in_two_units_is_two_totals(tree):
    a = ActivityFactory(region=tree["village_a"])
    QuantityFactory(activity=a, item="饮用水", quantity=300, unit="吨")
    QuantityFactory(activity=a, item="饮用水", quantity=40, unit="桶")
    QuantityFactory(activity=a, item="饮用水", quantity="12.5", unit="吨")

    assert totals(quantity_totals(tree["village_a"])) == [
        ("饮用水", "桶", "40"),
        ("饮用水", "吨", "312.5"),
    ]


def test_the_town_adds_its_villages_and_the_county_its_towns(tree):
    a = ActivityFactory(region=tree["village_a"])
    b = ActivityFactory(region=tree["village_b"])
    other = ActivityFactory(region=tree["other_village"])
    QuantityFactory(activity=a, item="承诺书", quantity=1200, unit="份")
    QuantityFactory(activity=b, item="承诺书", quantity=800, unit="份")
    QuantityFactory(activity=other, item="承诺书", quantity=500, unit="份")
    need = need_in_state("resolved", region=tree["village_b"])
    QuantityFactory(activity=None, need=need, item="饮用水", quantity=6, unit="吨")

    assert totals(quantity_totals(tree["village_a"])) == [("承诺书", "份", "1200")]
    assert totals(quantity_totals(tree["village_b"])) == [
        ("承诺书", "份", "800"),
        ("饮用水", "吨", "6"),
    ]
    assert totals(quantity_totals(tree["town"])) == [
        ("承诺书", "份", "2000"),
        ("饮用水", "吨", "6"),
    ]
    assert totals(quantity_totals(tree["other_town"])) == [("承诺书", "份", "500")]
    assert totals(quantity_totals(tree["county"])) == [
        ("承诺书", "份", "2500"),
        ("饮用水", "吨", "6"),
    ]


def test_an_item_written_with_extra_spaces_adds_to_the_same_total(tree):
    a = ActivityFactory(region=tree["village_a"])
    add_quantity(a, user=SYSTEM, item=" 森林防火 承诺书 ", quantity="100", unit="份")
    add_quantity(a, user=SYSTEM, item="森林防火\u3000\u3000承诺书", quantity="50", unit="份")

    assert totals(quantity_totals(tree["village_a"])) == [("森林防火 承诺书", "份", "150")]


def test_a_region_with_nothing_recorded_has_no_totals(tree):
    QuantityFactory(activity=ActivityFactory(region=tree["village_a"]))

    assert quantity_totals(tree["village_b"]) == []


def test_moving_an_activity_to_another_village_moves_its_quantities(tree):
    a = ActivityFactory(region=tree["village_a"])
    QuantityFactory(activity=a, item="宣传册", quantity=30, unit="册")
    a.region = tree["village_b"]
    a.save()

    assert quantity_totals(tree["village_a"]) == []
    assert totals(quantity_totals(tree["village_b"])) == [("宣传册", "册", "30")]
