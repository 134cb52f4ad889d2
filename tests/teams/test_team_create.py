"""Creating a team through the page: in the user's own regions only, rules enforced."""

from sanwei.core.models import ActionLog
from sanwei.teams.models import Team, TeamKind


def test_town_admin_creates_a_lecture_team_in_a_village(login, town_admin, tree):
    client = login(town_admin)
    response = client.post(
        "/teams/new/",
        {"name": "双岗村宣讲队", "kind": TeamKind.LECTURE, "region": tree["village_b"].pk},
    )
    assert response.status_code == 302
    team = Team.unscoped.get(name="双岗村宣讲队")
    assert response["Location"] == f"/teams/{team.pk}/"
    assert team.region == tree["village_b"]
    assert (
        ActionLog.objects.filter(action_type="sanwei.team.created", object_id=team.pk).count() == 1
    )


def test_the_form_offers_only_regions_the_user_may_change(login, secretary_a, tree):
    response = login(secretary_a).get("/teams/new/")
    assert response.status_code == 200
    offered = set(response.context["form"].fields["region"].queryset)
    assert offered == {tree["village_a"]}


def test_a_secretary_cannot_create_a_team_in_another_village(login, secretary_a, tree):
    response = login(secretary_a).post(
        "/teams/new/",
        {"name": "双岗村宣讲队", "kind": TeamKind.LECTURE, "region": tree["village_b"].pk},
    )
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert not Team.unscoped.filter(name="双岗村宣讲队").exists()


def test_a_duplicate_name_in_the_same_region_is_refused_in_chinese(
    login, secretary_a, tree, lecture_team
):
    response = login(secretary_a).post(
        "/teams/new/",
        {"name": lecture_team.name, "kind": TeamKind.LECTURE, "region": tree["village_a"].pk},
    )
    assert response.status_code == 200
    assert "已经存在" in str(response.context["form"].errors["__all__"])
    assert Team.unscoped.filter(name=lecture_team.name).count() == 1


def test_a_missing_name_is_a_field_error_and_nothing_is_saved(login, secretary_a, tree):
    response = login(secretary_a).post(
        "/teams/new/", {"name": "", "kind": TeamKind.LECTURE, "region": tree["village_a"].pk}
    )
    assert response.status_code == 200
    assert "这个字段是必填项" in str(response.context["form"].errors["name"])
    assert not Team.unscoped.exists()


def test_a_hierarchy_error_is_shown_on_the_parent_field(login, town_admin, tree, brand):
    response = login(town_admin).post(
        "/teams/new/",
        {
            "name": "东岳观村志愿服务小队",
            "kind": TeamKind.SQUAD,
            "region": tree["village_a"].pk,
            "parent": brand.pk,
        },
    )
    assert response.status_code == 200
    assert "上级队伍应为志愿服务中队" in str(response.context["form"].errors["parent"])
    assert not Team.unscoped.filter(kind=TeamKind.SQUAD).exists()


def test_a_volunteer_may_not_open_or_post_the_create_form(login, volunteer_a, tree):
    client = login(volunteer_a)
    assert client.get("/teams/new/").status_code == 403
    response = client.post(
        "/teams/new/", {"name": "x", "kind": TeamKind.LECTURE, "region": tree["village_a"].pk}
    )
    assert response.status_code == 403
    assert not Team.unscoped.exists()
