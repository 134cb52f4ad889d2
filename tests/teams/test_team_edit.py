"""Editing a team: the user's own teams only; a parent the user cannot see stays as it is."""

from sanwei.core.models import ActionLog
from sanwei.teams.models import TeamKind


def test_a_secretary_renames_a_team_of_the_village(login, secretary_a, tree, lecture_team):
    response = login(secretary_a).post(
        f"/teams/{lecture_team.pk}/edit/",
        {
            "name": "东岳观村理论宣讲队",
            "kind": TeamKind.LECTURE,
            "region": tree["village_a"].pk,
            "description": "田秀才、土专家组成",
        },
    )
    assert response.status_code == 302
    lecture_team.refresh_from_db()
    assert lecture_team.name == "东岳观村理论宣讲队"
    assert lecture_team.description == "田秀才、土专家组成"
    assert ActionLog.objects.filter(
        action_type="sanwei.team.changed", object_id=lecture_team.pk
    ).exists()


def test_another_villages_team_answers_404(login, secretary_b, lecture_team):
    client = login(secretary_b)
    assert client.get(f"/teams/{lecture_team.pk}/edit/").status_code == 404
    assert client.post(f"/teams/{lecture_team.pk}/edit/", {"name": "x"}).status_code == 404


def test_a_squads_hidden_parent_is_kept_when_a_secretary_edits_it(
    login, secretary_a, tree, squad_a, squadron
):
    client = login(secretary_a)
    page = client.get(f"/teams/{squad_a.pk}/edit/")
    assert page.status_code == 200
    assert "parent" not in page.context["form"].fields
    assert squadron.name in page.content.decode()
    response = client.post(
        f"/teams/{squad_a.pk}/edit/",
        {"name": "东岳观村星火小队", "kind": TeamKind.SQUAD, "region": tree["village_a"].pk},
    )
    assert response.status_code == 302
    squad_a.refresh_from_db()
    assert squad_a.name == "东岳观村星火小队"
    assert squad_a.parent == squadron


def test_changing_the_kind_of_a_team_with_subteams_is_refused(
    login, town_admin, tree, squadron, squad_a
):
    response = login(town_admin).post(
        f"/teams/{squadron.pk}/edit/",
        {"name": squadron.name, "kind": TeamKind.LECTURE, "region": tree["town"].pk},
    )
    assert response.status_code == 200
    assert "不能隶属于" in str(response.context["form"].errors["kind"])
    squadron.refresh_from_db()
    assert squadron.kind == TeamKind.SQUADRON
