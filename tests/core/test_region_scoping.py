"""The region scope fails closed and selects whole subtrees in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from django_scopes.exceptions import ScopeError

from sanwei.core.scoping import RegionScope, region_scope
from sanwei.people.models import Person
from sanwei.regions.models import Region

from ..factories import PersonFactory, build_town_tree


def test_query_outside_any_scope_raises(db):
    with scopes_disabled():
        tree = build_town_tree()
        PersonFactory(region=tree["village_a"])
    with pytest.raises(ScopeError):
        list(Person.objects.all())
    with pytest.raises(ScopeError):
        Person.objects.filter(name="x").count()


def test_scope_selects_the_subtree_in_one_query(tree):
    with scopes_disabled():
        a = PersonFactory(region=tree["village_a"])
        b = PersonFactory(region=tree["village_b"])
        other = PersonFactory(region=tree["other_village"])
    with region_scope(RegionScope.of([tree["town"].path])):
        with CaptureQueriesContext(connection) as ctx:
            found = set(Person.objects.values_list("pk", flat=True))
        assert found == {a.pk, b.pk}
        assert len(ctx.captured_queries) == 1
    with region_scope(RegionScope.of([tree["village_b"].path, tree["other_village"].path])):
        assert set(Person.objects.values_list("pk", flat=True)) == {b.pk, other.pk}
    with region_scope(RegionScope.of([tree["county"].path])):
        assert Person.objects.count() == 3


def test_empty_scope_sees_nothing(tree):
    with scopes_disabled():
        PersonFactory(region=tree["village_a"])
    with region_scope(RegionScope(())):
        assert Person.objects.count() == 0


def test_scope_of_nested_paths_keeps_the_outer_root():
    assert RegionScope.of(["430821104", "430821104201", "430821105201"]).paths == (
        "430821104",
        "430821105201",
    )


def test_region_paths_follow_the_division_code(tree):
    assert tree["province"].path == "43"
    assert tree["county"].path == "430821"
    assert tree["town"].path == "430821104"
    assert tree["village_a"].path == "430821104201"
    with region_scope(RegionScope.of([tree["town"].path])):
        names = set(Region.objects.values_list("name", flat=True))
    assert names == {"东岳观镇", "东岳观村", "双岗村"}
