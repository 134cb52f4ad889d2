"""The hierarchy rules of teams/services: brand › squadron › squad, parents in ancestor regions."""

import pytest

from sanwei.accounts.permissions import SYSTEM
from sanwei.core.errors import ServiceError
from sanwei.teams.models import Team, TeamKind
from sanwei.teams.services import save_team

from ..factories import TeamFactory


def new(tree, kind, region="village_a", parent=None, name="新队伍"):
    return Team(name=name, kind=kind, region=tree[region], parent=parent)


def test_a_squad_under_the_towns_squadron_is_accepted(tree, squadron):
    squad = save_team(new(tree, TeamKind.SQUAD, parent=squadron), user=SYSTEM)
    assert squad.pk and squad.parent == squadron


def test_a_squadron_under_the_brand_is_accepted(tree, brand):
    assert save_team(new(tree, TeamKind.SQUADRON, region="town", parent=brand), user=SYSTEM).pk


@pytest.mark.parametrize(
    ("kind", "parent_fixture"),
    [
        (TeamKind.SQUAD, "brand"),
        (TeamKind.SQUAD, "lecture_team"),
        (TeamKind.SQUADRON, "squadron"),
        (TeamKind.LECTURE, "squadron"),
        (TeamKind.VOLUNTEER_BRAND, "brand"),
    ],
)
def test_a_parent_of_the_wrong_kind_is_refused(request, tree, kind, parent_fixture):
    parent = request.getfixturevalue(parent_fixture)
    with pytest.raises(ServiceError) as e:
        save_team(new(tree, kind, parent=parent, name="被拒绝的队伍"), user=SYSTEM)
    assert e.value.code == "team_parent_kind"
    assert e.value.field == "parent"
    assert not Team.unscoped.filter(name="被拒绝的队伍").exists()


def test_a_parent_in_a_sibling_village_is_refused(tree, squadron):
    squad_b = TeamFactory(kind=TeamKind.SQUADRON, region=tree["village_b"], parent=None)
    with pytest.raises(ServiceError) as e:
        save_team(new(tree, TeamKind.SQUAD, parent=squad_b), user=SYSTEM)
    assert e.value.code == "team_parent_region"
    assert "双岗村" in e.value.message


def test_a_parent_in_another_town_is_refused(tree, brand):
    other = TeamFactory(kind=TeamKind.SQUADRON, region=tree["other_town"])
    with pytest.raises(ServiceError) as e:
        save_team(new(tree, TeamKind.SQUAD, region="village_a", parent=other), user=SYSTEM)
    assert e.value.code == "team_parent_region"


def test_a_team_cannot_become_its_own_ancestor(tree, lecture_team):
    child = save_team(
        new(tree, TeamKind.LECTURE, parent=lecture_team, name="第一分队"), user=SYSTEM
    )
    lecture_team.parent = child
    with pytest.raises(ServiceError) as e:
        save_team(lecture_team, user=SYSTEM)
    assert e.value.code == "team_parent_cycle"


def test_moving_a_team_out_of_its_subteams_region_is_refused(tree, lecture_team):
    save_team(new(tree, TeamKind.LECTURE, parent=lecture_team, name="第一分队"), user=SYSTEM)
    lecture_team.region = tree["village_b"]
    with pytest.raises(ServiceError) as e:
        save_team(lecture_team, user=SYSTEM)
    assert e.value.code in {"team_children_region", "team_parent_region"}
