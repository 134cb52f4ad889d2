"""The `under` lookup selects whole subtrees, villagers' groups (15-digit codes) included."""

from sanwei.core.scoping import RegionScope, region_scope
from sanwei.people.models import Person
from sanwei.regions.models import Region

from ..factories import PersonFactory


def test_under_a_village_includes_its_groups(tree, groups):
    names = set(
        Region.unscoped.filter(path__under=tree["village_a"].path).values_list("name", flat=True)
    )
    assert names == {"东岳观村", "1组", "2组"}


def test_under_a_group_is_the_group_alone(tree, groups):
    assert list(Region.unscoped.filter(path__under=groups[0].path)) == [groups[0]]


def test_under_a_scope_of_several_roots(tree, groups):
    scope = RegionScope.of([groups[1].path, tree["village_b"].path])
    assert set(Region.unscoped.filter(path__under=scope)) == {groups[1], tree["village_b"]}


def test_a_village_scope_sees_the_people_of_its_groups(tree, groups):
    in_group = PersonFactory(region=groups[0])
    in_village = PersonFactory(region=tree["village_a"])
    PersonFactory(region=tree["village_b"])
    with region_scope(RegionScope.of([tree["village_a"].path])):
        assert set(Person.objects.all()) == {in_group, in_village}
    with region_scope(RegionScope.of([groups[0].path])):
        assert list(Person.objects.all()) == [in_group]


def test_a_group_path_does_not_prefix_a_sibling_village(tree, groups):
    """A town subtree holds its villages and their groups, nothing of the next town."""
    assert not tree["village_b"].path.startswith(groups[0].path)
    assert Region.unscoped.filter(path__under=tree["town"].path).count() == 5
