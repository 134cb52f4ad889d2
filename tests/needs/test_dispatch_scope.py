"""One rule for a dispatch target (`needs.rules.may_dispatch_to`): a squad of the need's
town, or a volunteer of one, that the caller can see. The detail page (its suggestions are
the only choices), the API and the service refuse and allow the same cases: a village
secretary dispatches within their village only, a town admin anywhere in the town, nobody
to another town."""

from __future__ import annotations

import json

import pytest

from sanwei.accounts.models import Role
from sanwei.accounts.tokens import create_token
from sanwei.core.errors import ServiceError
from sanwei.needs import services
from sanwei.needs.models import Need
from sanwei.teams.models import Team

from ..factories import need_in_state, squad_volunteer, user_with_role

# (caller, target, allowed): targets are "<village>_<volunteer|squad>".
CASES = [
    ("secretary_a", "a_volunteer", True),
    ("secretary_a", "a_squad", True),
    ("secretary_a", "b_volunteer", False),
    ("secretary_a", "b_squad", False),
    ("town_admin", "b_volunteer", True),
    ("town_admin", "b_squad", True),
    ("town_admin", "other_town_volunteer", False),
    ("town_admin", "other_town_squad", False),
    ("superuser", "b_squad", True),
    ("superuser", "other_town_squad", False),
]


@pytest.fixture
def targets(tree):
    made = {}
    for key, region in (
        ("a", tree["village_a"]),
        ("b", tree["village_b"]),
        ("other_town", tree["other_village"]),
    ):
        made[f"{key}_volunteer"] = squad_volunteer(region, name=f"{region.name}队员")
        made[f"{key}_squad"] = Team.unscoped.get(name=f"{region.name}志愿服务小队")
    return made


@pytest.fixture
def callers(tree, secretary_a, town_admin, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", password="pass-1234")
    return {"secretary_a": secretary_a, "town_admin": town_admin, "superuser": superuser}


def kind_of(name: str) -> str:
    return "team" if name.endswith("squad") else "volunteer"


@pytest.mark.parametrize(("caller", "target", "allowed"), CASES)
def test_the_page_and_the_api_allow_the_same_targets(
    client, tree, targets, callers, caller, target, allowed
):
    user, obj, kind = callers[caller], targets[target], kind_of(target)
    on_page = need_in_state("accepted", region=tree["village_a"])
    by_api = need_in_state("accepted", region=tree["village_a"])

    client.force_login(user)
    page = client.get(f"/needs/{on_page.pk}/").content.decode()
    value = f"{kind[0]}:{obj.pk}"
    assert (f'value="{value}"' in page) is allowed
    posted = client.post(f"/needs/{on_page.pk}/dispatch/", {"assignee": value})
    client.logout()
    api = client.post(
        f"/api/v1/needs/{by_api.pk}/dispatch",
        data=json.dumps({f"{'team' if kind == 'team' else 'volunteer'}_id": obj.pk}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {create_token(user, 'test')}",
    )

    if allowed:
        assert (posted.status_code, api.status_code) == (302, 200)
        for need in (on_page, by_api):
            need.refresh_from_db()
            assert need.state == "dispatched"
            assert (need.team if kind == "team" else need.volunteer) == obj
    else:
        assert (posted.status_code, api.status_code) == (400, 400)
        assert "请从建议名单中选择" in posted.content.decode()
        assert api.json()["code"] in ("team_unknown", "volunteer_unknown", "team_not_squad",
                                      "person_not_volunteer")  # fmt: skip
        states = set(
            Need.unscoped.filter(pk__in=[on_page.pk, by_api.pk]).values_list("state", flat=True)
        )
        assert states == {"accepted"}


@pytest.mark.parametrize(("caller", "target", "allowed"), CASES)
def test_the_service_holds_the_same_rule(tree, targets, callers, caller, target, allowed):
    user, obj = callers[caller], targets[target]
    need = need_in_state("accepted", region=tree["village_a"])
    if allowed:
        services.dispatch(need, user=user, **{kind_of(target): obj})
        assert Need.unscoped.get(pk=need.pk).state == "dispatched"
    else:
        with pytest.raises(ServiceError) as refused:
            services.dispatch(need, user=user, **{kind_of(target): obj})
        assert refused.value.code in (
            "assignee_out_of_scope",
            "team_not_squad",
            "person_not_volunteer",
        )
        assert Need.unscoped.get(pk=need.pk).state == "accepted"


def test_a_secretary_is_refused_another_village_of_the_town_by_the_service(
    tree, targets, secretary_a
):
    need = need_in_state("accepted", region=tree["village_a"])
    with pytest.raises(ServiceError) as refused:
        services.dispatch(need, user=secretary_a, team=targets["b_squad"])
    assert (refused.value.code, refused.value.message) == (
        "assignee_out_of_scope",
        "只能派给您管辖范围内的小队或志愿者：“双岗村志愿服务小队”不在其中",
    )


def test_suggestions_of_page_and_api_list_only_visible_targets(client, tree, targets, secretary_a):
    need = need_in_state("accepted", region=tree["village_a"])
    token = create_token(secretary_a, "test")
    answer = client.get(
        f"/api/v1/needs/{need.pk}/suggestions", HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    assert [c["name"] for c in answer["volunteers"]] == ["东岳观村队员"]
    assert [c["name"] for c in answer["squads"]] == ["东岳观村志愿服务小队"]
    client.force_login(secretary_a)
    page = client.get(f"/needs/{need.pk}/").content.decode()
    assert "东岳观村队员" in page and "双岗村队员" not in page
    assert "双岗村志愿服务小队" not in page
    # A town admin of the same town is offered both villages.
    admin = user_with_role(Role.TOWN_ADMIN, tree["town"], username="admin2")
    answer = client.get(
        f"/api/v1/needs/{need.pk}/suggestions",
        HTTP_AUTHORIZATION=f"Bearer {create_token(admin, 'test')}",
    ).json()
    assert sorted(c["name"] for c in answer["squads"]) == [
        "东岳观村志愿服务小队",
        "双岗村志愿服务小队",
    ]
