"""An opinion asking for practical help becomes a 微服务 need: linked both ways, shown on
both pages, recorded in the opinion's timeline; a second conversion is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.needs.models import Need, NeedCategory
from sanwei.seminar import services
from sanwei.seminar.models import Opinion, OpinionEvent

from ..factories import PersonFactory
from .loop_fixtures import *  # noqa: F403  (fixtures)
from .loop_fixtures import at_state


@pytest.fixture
def repair(db):
    return NeedCategory.objects.get(code="repair")


def test_conversion_links_both_ways(tree, secretary_a, repair):
    resident = PersonFactory(region=tree["village_a"], name="王大山")
    opinion = at_state("assigned", region=tree["village_a"], raised_by=resident,
                       text="家里水管漏水，老人没法修")  # fmt: skip
    need = services.convert_to_need(secretary_a, opinion, category=repair, urgency="urgent")

    need = Need.unscoped.get(pk=need.pk)
    assert (need.source_opinion, need.state, need.source) == (opinion, "reported", "opinion")
    assert (need.description, need.person, need.urgency) == (
        "家里水管漏水，老人没法修",
        resident,
        "urgent",
    )
    assert Opinion.unscoped.get(pk=opinion.pk).need == need
    assert Opinion.unscoped.get(pk=opinion.pk).state == "assigned"  # the loop goes on
    event = OpinionEvent.unscoped.get(opinion=opinion, action="convert")
    assert event.note == f"已转为群众需求（查询码 {need.code}）"
    assert len(need.code) == 12


def test_a_second_conversion_is_refused(tree, secretary_a, repair):
    opinion = at_state("received", region=tree["village_a"])
    services.convert_to_need(secretary_a, opinion, category=repair)
    with pytest.raises(ServiceError) as refused:
        services.convert_to_need(secretary_a, opinion, category=repair, description="再转一次")
    assert (refused.value.code, refused.value.message) == (
        "opinion_already_converted",
        "该意见已转为需求，不能重复转换",
    )
    assert Need.unscoped.count() == 1


def test_a_team_leader_may_not_convert(tree, leader_a, repair):
    opinion = at_state("received", region=tree["village_a"])
    with pytest.raises(NotPermitted):
        services.convert_to_need(leader_a, opinion, category=repair)
    assert Need.unscoped.count() == 0


def test_both_pages_show_the_link(login, tree, secretary_a, repair):
    opinion = at_state("received", region=tree["village_a"], text="帮忙修一下屋顶")
    response = login(secretary_a).post(
        reverse("seminar:opinion_convert", args=[opinion.pk]),
        {"category": repair.pk, "urgency": "normal", "description": ""},
    )
    assert response.status_code == 302
    need = Need.unscoped.get()
    detail = login(secretary_a).get(reverse("seminar:opinion_detail", args=[opinion.pk]))
    assert reverse("needs:need_detail", args=[need.pk]) in detail.content.decode()
    assert 'id="form-convert"' not in detail.content.decode()  # once only
    need_page = login(secretary_a).get(reverse("needs:need_detail", args=[need.pk]))
    assert reverse("seminar:opinion_detail", args=[opinion.pk]) in need_page.content.decode()
    assert "群众意见转入" in need_page.content.decode()


def test_the_api_converts_once(client, tree, secretary_a):
    import json

    from sanwei.accounts.tokens import create_token

    opinion = at_state("received", region=tree["village_a"])
    token = create_token(secretary_a, "t")

    def post():
        return client.post(
            f"/api/v1/seminar/opinions/{opinion.pk}/convert-to-need",
            data=json.dumps({"category": "repair"}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    first, second = post(), post()
    assert (first.status_code, first.json()["source_opinion_id"]) == (201, opinion.pk)
    assert (second.status_code, second.json()["code"]) == (400, "opinion_already_converted")
