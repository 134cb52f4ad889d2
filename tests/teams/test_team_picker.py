"""Teams are picked by searching their name (the activity's organiser, a team's parent)."""

import re

from sanwei.teams.models import Team, TeamKind

from ..factories import TeamFactory

URL = "/teams/pick/"


def _picked(response) -> list[str]:
    return re.findall(r'data-picker-value="(\d+)"', response.content.decode())


def test_the_picker_finds_teams_by_name_within_scope(login, secretary_a, tree, lecture_team):
    TeamFactory(name="双岗村宣讲队", kind=TeamKind.LECTURE, region=tree["village_b"])

    response = login(secretary_a).get(URL, {"q": "宣讲队"})

    assert response.status_code == 200
    assert _picked(response) == [str(lecture_team.pk)]
    assert "东岳观村宣讲队（宣讲队 · 东岳观村）" in response.content.decode()


def test_the_parent_picker_offers_no_squads(login, town_admin, brand, squadron, squad_a):
    response = login(town_admin).get(URL, {"q": "星火", "parents": "1"})

    assert response.status_code == 200
    assert sorted(_picked(response)) == sorted([str(brand.pk), str(squadron.pk)])


def test_a_picked_parent_is_saved(login, town_admin, tree, squadron):
    data = {"name": "双岗村志愿服务小队", "kind": TeamKind.SQUAD, "region": tree["village_b"].pk}

    response = login(town_admin).post("/teams/new/", {**data, "parent": squadron.pk})

    assert response.status_code == 302
    assert Team.unscoped.get(name="双岗村志愿服务小队").parent == squadron


def test_a_parent_of_another_village_is_refused(login, secretary_a, tree):
    other = TeamFactory(
        name="双岗村服务队", kind=TeamKind.VOLUNTEER_BRAND, region=tree["village_b"]
    )
    data = {"name": "小队", "kind": TeamKind.SQUAD, "region": tree["village_a"].pk}

    response = login(secretary_a).post("/teams/new/", {**data, "parent": other.pk})

    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not Team.unscoped.filter(name="小队").exists()
