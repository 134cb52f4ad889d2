"""Corrections through the API: POST /api/v1/seminar/opinions/{id}/category and …/topic."""

from __future__ import annotations

import pytest

from sanwei.accounts.tokens import create_token
from sanwei.seminar import topic_services
from sanwei.seminar.models import Opinion, TopicGroup

from ..people.conftest import ApiClient
from .topics_helpers import raise_opinion


@pytest.fixture
def api(client, town_admin):
    return ApiClient(client, create_token(town_admin, "t"))


@pytest.fixture
def pair(tree, town_admin):
    first = raise_opinion(town_admin, tree["village_a"], "村口路灯坏了", days_ago=1)
    second = raise_opinion(town_admin, tree["village_b"], "村口的路灯晚上不亮")
    return first, second


def test_staff_set_the_category_by_code_and_it_is_kept(api, tree, pair, town_admin):
    first, _ = pair
    response = api.post(f"/api/v1/seminar/opinions/{first.pk}/category", {"category": "gov"})
    assert response.status_code == 200
    topic = Opinion.unscoped.get(pk=first.pk).topic
    assert response.json() == {
        "id": first.pk,
        "code": first.code,
        "suggested_category": {"code": "roads", "name": "道路交通"},
        "category": {"code": "gov", "name": "村务治理"},
        "category_corrected": True,
        "topic": {"id": topic.pk, "label": "村口路灯坏了"},
        "topic_corrected": False,
    }
    topic_services.resuggest_region(tree["town"])
    assert Opinion.unscoped.get(pk=first.pk).category.code == "gov"


def test_an_unknown_category_code_is_400_and_nothing_changes(api, pair):
    first, _ = pair
    response = api.post(f"/api/v1/seminar/opinions/{first.pk}/category", {"category": "roadz"})
    assert response.status_code == 400
    assert response.json() == {
        "code": "category_unknown",
        "message": "类别代码“roadz”不存在或未启用",
        "field": "category",
    }
    opinion = Opinion.unscoped.get(pk=first.pk)
    assert (opinion.category.code, opinion.category_corrected_by) == ("roads", None)


def test_staff_take_an_opinion_out_of_its_group(api, pair):
    first, second = pair
    response = api.post(f"/api/v1/seminar/opinions/{second.pk}/topic", {})
    assert response.status_code == 200
    assert (response.json()["topic"], response.json()["topic_corrected"]) == (None, True)
    assert TopicGroup.unscoped.count() == 0  # the group of one left was dissolved
    assert Opinion.unscoped.get(pk=first.pk).topic is None


def test_staff_put_an_opinion_into_a_new_group_then_move_another_into_it(api, pair):
    first, second = pair
    response = api.post(f"/api/v1/seminar/opinions/{first.pk}/topic", {"new_label": "村口照明"})
    new = TopicGroup.unscoped.get(label="村口照明")
    assert response.json()["topic"] == {"id": new.pk, "label": "村口照明"}
    response = api.post(f"/api/v1/seminar/opinions/{second.pk}/topic", {"topic": new.pk})
    assert response.status_code == 200
    assert response.json()["topic"] == {"id": new.pk, "label": "村口照明"}
    assert set(new.opinions.values_list("pk", flat=True)) == {first.pk, second.pk}


def test_a_group_of_another_town_is_unknown_and_both_targets_at_once_are_refused(api, tree, pair):
    first, _ = pair
    elsewhere = TopicGroup.unscoped.create(region=tree["other_town"], label="别镇的话题")
    response = api.post(f"/api/v1/seminar/opinions/{first.pk}/topic", {"topic": elsewhere.pk})
    assert (response.status_code, response.json()["code"]) == (400, "topic_unknown")
    topic = Opinion.unscoped.get(pk=first.pk).topic
    response = api.post(
        f"/api/v1/seminar/opinions/{first.pk}/topic", {"topic": topic.pk, "new_label": "x"}
    )
    assert response.json() == {
        "code": "topic_ambiguous",
        "message": "请只选择一个去向",
        "field": "topic",
    }


def test_a_village_secretary_sees_the_towns_groups_and_corrects_own_opinions(
    client, tree, pair, secretary_a, secretary_b
):
    first, second = pair
    topic = Opinion.unscoped.get(pk=first.pk).topic
    api_a = ApiClient(client, create_token(secretary_a, "a"))
    response = api_a.post(f"/api/v1/seminar/opinions/{first.pk}/topic", {"topic": topic.pk})
    assert response.status_code == 200
    assert (
        api_a.post(
            f"/api/v1/seminar/opinions/{second.pk}/category", {"category": "gov"}
        ).status_code
        == 404
    )  # village B's opinion: not in village A's reach
    api_b = ApiClient(client, create_token(secretary_b, "b"))
    assert (
        api_b.post(f"/api/v1/seminar/opinions/{first.pk}/category", {"category": "gov"}).status_code
        == 404
    )
