"""Only the assignee or a town admin may answer an opinion; anyone else is refused
(NotPermitted) and nothing changes."""

from __future__ import annotations

import pytest

from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.seminar import services
from sanwei.seminar.models import Opinion

from .loop_fixtures import *  # noqa: F403  (fixtures)
from .loop_fixtures import at_state


def test_the_assignee_answers(tree, leader_a):
    opinion = at_state("assigned", region=tree["village_a"], assignee=leader_a)
    services.answer_opinion(opinion, reply="  已联系电工，本周修好。 ", user=leader_a)
    opinion.refresh_from_db()
    assert (opinion.state, opinion.reply, opinion.answered_by) == (
        "answered",
        "已联系电工，本周修好。",
        leader_a,
    )
    assert opinion.answered_at is not None


def test_a_town_admin_answers_whoever_is_assigned(tree, town_admin, leader_a):
    opinion = at_state("assigned", region=tree["village_a"], assignee=leader_a)
    services.answer_opinion(opinion, reply="镇里统一安排维修。", user=town_admin)
    assert Opinion.unscoped.get(pk=opinion.pk).answered_by == town_admin


@pytest.mark.parametrize("who", ["leader_a2", "secretary_a", "county_viewer", "secretary_b"])
def test_anyone_else_may_not_answer(tree, leader_a, leader_a2, secretary_a, county_viewer,
                                    secretary_b, who):  # fmt: skip
    user = {"leader_a2": leader_a2, "secretary_a": secretary_a,
            "county_viewer": county_viewer, "secretary_b": secretary_b}[who]  # fmt: skip
    opinion = at_state("assigned", region=tree["village_a"], assignee=leader_a)
    with pytest.raises(NotPermitted):
        services.answer_opinion(opinion, reply="我来答复", user=user)
    assert Opinion.unscoped.get(pk=opinion.pk).state == "assigned"


def test_after_reassignment_the_former_assignee_may_not_answer(
    tree,
    secretary_a,
    leader_a,
    leader_a2,
    next_week,
):
    opinion = at_state("assigned", region=tree["village_a"], assignee=leader_a)
    services.reassign_opinion(opinion, assignee=leader_a2, due_on=next_week, user=secretary_a)
    with pytest.raises(NotPermitted):
        services.answer_opinion(opinion, reply="我来答复", user=leader_a)
    services.answer_opinion(opinion, reply="已修好", user=leader_a2)
    assert Opinion.unscoped.get(pk=opinion.pk).answered_by == leader_a2


def test_an_unassigned_opinion_is_answered_only_by_a_town_admin(tree, secretary_a, town_admin):
    opinion = at_state("received", region=tree["village_a"])
    with pytest.raises(NotPermitted):
        services.answer_opinion(opinion, reply="我来答复", user=secretary_a)
    services.answer_opinion(opinion, reply="政策答复：……", user=town_admin)
    assert Opinion.unscoped.get(pk=opinion.pk).state == "answered"


@pytest.mark.parametrize(
    ("reply", "code"), [("  ", "reply_required"), ("好" * 1001, "reply_too_long")]
)
def test_an_empty_or_overlong_reply_is_refused(tree, leader_a, reply, code):
    opinion = at_state("assigned", region=tree["village_a"], assignee=leader_a)
    with pytest.raises(ServiceError) as refused:
        services.answer_opinion(opinion, reply=reply, user=leader_a)
    assert (refused.value.code, refused.value.field) == (code, "reply")
    assert Opinion.unscoped.get(pk=opinion.pk).state == "assigned"


def test_a_second_answer_is_a_conflict_naming_who_answered(tree, leader_a, town_admin):
    opinion = at_state("assigned", region=tree["village_a"], assignee=leader_a)
    stale = Opinion.unscoped.get(pk=opinion.pk)
    services.answer_opinion(opinion, reply="已修好", user=town_admin)
    with pytest.raises(ServiceError) as refused:
        services.answer_opinion(stale, reply="我也答复", user=leader_a)
    assert refused.value.code == "opinion_conflict"
    assert refused.value.message.startswith("该意见已被他人答复（")
    assert Opinion.unscoped.get(pk=opinion.pk).reply == "已修好"
