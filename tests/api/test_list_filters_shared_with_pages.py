"""A list page and the API list of the same model filter through one FilterSet: the same
parameters give the same rows; an invalid value is ignored by the page and a 400 in the API."""

from django.urls import reverse

from sanwei.teams.models import TeamKind

from ..factories import PersonFactory, TeamFactory


def test_people_page_and_api_answer_the_same_filter(login, api_as, town_admin, tree):
    PersonFactory(name="张三", region=tree["village_a"], is_frail=True)
    PersonFactory(name="李四", region=tree["village_b"], is_frail=True)
    PersonFactory(name="王五", region=tree["village_b"])
    params = {"region": tree["village_b"].code, "flag": "frail"}
    page = login(town_admin).get(reverse("people:person_list"), params)
    api = api_as(town_admin).get("/api/v1/people/", params)
    assert [p.name for p in page.context["page_obj"]] == ["李四"]
    assert api.status_code == 200
    assert [p["name"] for p in api.json()["items"]] == ["李四"]


def test_teams_page_and_api_answer_the_same_filter(login, api_as, town_admin, tree):
    TeamFactory(name="东岳观村宣讲队", kind=TeamKind.LECTURE, region=tree["village_a"])
    TeamFactory(name="双岗村宣讲队", kind=TeamKind.LECTURE, region=tree["village_b"])
    TeamFactory(name="双岗村志愿服务小队", kind=TeamKind.SQUAD, region=tree["village_b"])
    params = {"region": tree["village_b"].code, "kind": TeamKind.LECTURE}
    page = login(town_admin).get(reverse("teams:team_list"), params)
    api = api_as(town_admin).get("/api/v1/teams/", params)
    assert [t.name for t in page.context["page_obj"]] == ["双岗村宣讲队"]
    assert [t["name"] for t in api.json()["items"]] == ["双岗村宣讲队"]


def test_a_region_outside_the_scope_is_ignored_by_the_page_and_a_400_in_the_api(
    login, api_as, secretary_a, tree
):
    PersonFactory(name="张三", region=tree["village_a"])
    params = {"region": tree["village_b"].code}
    page = login(secretary_a).get(reverse("people:person_list"), params)
    api = api_as(secretary_a).get("/api/v1/people/", params)
    assert [p.name for p in page.context["page_obj"]] == ["张三"]
    assert api.status_code == 400
    assert api.json()["code"] == "region_unknown"
    assert api.json()["field"] == "region"


def test_an_invalid_choice_is_a_400_invalid_in_the_api(api_as, secretary_a, tree):
    response = api_as(secretary_a).get("/api/v1/people/", {"flag": "tall"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["field"] == "flag"
