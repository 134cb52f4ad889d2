"""The teams API with bearer tokens: same scope, permissions and rules as the pages."""

import json

import pytest

from sanwei.accounts.tokens import create_token
from sanwei.teams.models import Membership, Team, TeamKind

from ..factories import ActivityFactory, CampaignFactory, MembershipFactory, TeamFactory


@pytest.fixture
def api(client):
    class Api:
        def __init__(self):
            self.token = None

        def as_user(self, user):
            self.token = create_token(user, "t")
            return self

        def __getattr__(self, method):
            def call(path, body=None, **params):
                kwargs = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"}
                if method in ("post", "patch", "put"):
                    return getattr(client, method)(
                        path, data=json.dumps(body or {}), content_type="application/json", **kwargs
                    )
                return getattr(client, method)(path, data=params or None, **kwargs)

            return call

    return Api()


def test_list_is_scoped_and_filtered(api, secretary_a, tree, lecture_team, squad_a):
    TeamFactory(region=tree["village_b"])
    response = api.as_user(secretary_a).get("/api/v1/teams/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {t["name"] for t in body["items"]} == {lecture_team.name, squad_a.name}
    only = api.get("/api/v1/teams/", kind="squad").json()
    assert [t["name"] for t in only["items"]] == [squad_a.name]
    assert only["items"][0]["kind_display"] == "志愿服务小队"


def test_list_filters_by_region_code(api, town_admin, tree, lecture_team):
    TeamFactory(name="双岗村宣讲队", region=tree["village_b"])
    body = api.as_user(town_admin).get("/api/v1/teams/", region=tree["village_b"].code).json()
    assert [t["name"] for t in body["items"]] == ["双岗村宣讲队"]


def test_create_get_patch_delete(api, secretary_a, tree):
    api.as_user(secretary_a)
    created = api.post(
        "/api/v1/teams/",
        {"name": "东岳观村宣讲队", "kind": "lecture", "region": tree["village_a"].code},
    )
    assert created.status_code == 201
    team_pk = created.json()["id"]
    assert created.json()["member_count"] == 0
    got = api.get(f"/api/v1/teams/{team_pk}").json()
    assert (got["region"], got["region_name"]) == ("430821104201", "东岳观村")
    patched = api.patch(f"/api/v1/teams/{team_pk}", {"description": "夕阳红宣讲"})
    assert patched.status_code == 200
    assert patched.json()["description"] == "夕阳红宣讲"
    assert patched.json()["name"] == "东岳观村宣讲队"
    assert api.delete(f"/api/v1/teams/{team_pk}").status_code == 204
    assert not Team.unscoped.filter(pk=team_pk).exists()


def test_a_rule_violation_answers_400_with_code_and_field(api, town_admin, tree, brand):
    response = api.as_user(town_admin).post(
        "/api/v1/teams/",
        {"name": "小队", "kind": "squad", "region": tree["village_a"].code, "parent_id": brand.pk},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "team_parent_kind"
    assert response.json()["field"] == "parent"
    assert not Team.unscoped.filter(kind=TeamKind.SQUAD).exists()


def test_create_in_a_region_outside_the_scope_is_refused(api, secretary_a, tree):
    response = api.as_user(secretary_a).post(
        "/api/v1/teams/", {"name": "x", "kind": "lecture", "region": tree["village_b"].code}
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "region_unknown",
        "message": "区划代码“430821104202”不存在或不在您的管辖范围内",
        "field": "region",
    }
    assert not Team.unscoped.exists()


def test_delete_of_a_team_in_use_answers_400_team_in_use(api, secretary_a, tree, lecture_team):
    ActivityFactory(
        region=tree["village_a"],
        campaign=CampaignFactory(region=tree["town"]),
        organising_team=lecture_team,
    )
    response = api.as_user(secretary_a).delete(f"/api/v1/teams/{lecture_team.pk}")
    assert response.status_code == 400
    assert response.json()["code"] == "team_in_use"
    assert "不能删除" in response.json()["message"]


def test_members_list_add_and_delete(api, secretary_a, lecture_team, resident_a):
    api.as_user(secretary_a)
    added = api.post(
        f"/api/v1/teams/{lecture_team.pk}/members",
        {"person_id": resident_a.pk, "role": "leader", "started_on": "2022-11-01"},
    )
    assert added.status_code == 201
    assert added.json()["person_name"] == "王秀英"
    assert added.json()["role_display"] == "队长"
    again = api.post(f"/api/v1/teams/{lecture_team.pk}/members", {"person_id": resident_a.pk})
    assert again.status_code == 400
    assert again.json()["message"] == "该群众已是本队队员"
    listed = api.get(f"/api/v1/teams/{lecture_team.pk}/members").json()
    assert listed["count"] == 1
    membership_pk = listed["items"][0]["id"]
    ended = api.post(f"/api/v1/teams/members/{membership_pk}/end", {"ended_on": "2023-01-01"})
    assert ended.status_code == 200 and ended.json()["is_active"] is False
    assert api.delete(f"/api/v1/teams/members/{membership_pk}").status_code == 204
    assert not Membership.unscoped.exists()


def test_adding_a_person_of_another_village_is_refused(api, town_admin, lecture_team, resident_b):
    response = api.as_user(town_admin).post(
        f"/api/v1/teams/{lecture_team.pk}/members", {"person_id": resident_b.pk}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "member_outside_region"


def test_another_villages_objects_answer_404(api, secretary_b, lecture_team, resident_a):
    membership = MembershipFactory(team=lecture_team, person=resident_a)
    api.as_user(secretary_b)
    assert api.get(f"/api/v1/teams/{lecture_team.pk}").status_code == 404
    assert api.patch(f"/api/v1/teams/{lecture_team.pk}", {"name": "x"}).status_code == 404
    assert api.delete(f"/api/v1/teams/{lecture_team.pk}").status_code == 404
    assert api.get(f"/api/v1/teams/{lecture_team.pk}/members").status_code == 404
    assert api.delete(f"/api/v1/teams/members/{membership.pk}").status_code == 404


@pytest.mark.parametrize("user_fixture", ["volunteer_a", "county_viewer"])
def test_read_only_users_get_403_on_writes(
    request, api, tree, lecture_team, resident_a, user_fixture
):
    membership = MembershipFactory(team=lecture_team, person=resident_a)
    api.as_user(request.getfixturevalue(user_fixture))
    assert api.get("/api/v1/teams/").status_code == 200
    body = {"name": "x", "kind": "lecture", "region": tree["village_a"].code}
    assert api.post("/api/v1/teams/", body).status_code == 403
    assert api.patch(f"/api/v1/teams/{lecture_team.pk}", {"name": "x"}).status_code == 403
    assert api.delete(f"/api/v1/teams/{lecture_team.pk}").status_code == 403
    assert (
        api.post(
            f"/api/v1/teams/{lecture_team.pk}/members", {"person_id": resident_a.pk}
        ).status_code
        == 403
    )
    assert api.delete(f"/api/v1/teams/members/{membership.pk}").status_code == 403
    assert Team.unscoped.get().name == lecture_team.name


def test_without_a_token_the_api_answers_401(client, db):
    assert client.get("/api/v1/teams/").status_code == 401
