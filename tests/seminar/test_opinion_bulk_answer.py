"""Answering several opinions at once: every one answered, or none (each one's right
and state are checked; one refusal leaves all as they were)."""

from __future__ import annotations

import pytest

from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.seminar import services
from sanwei.seminar.models import Opinion, OpinionEvent

from .loop_fixtures import *  # noqa: F403  (fixtures)
from .loop_fixtures import at_state


def _states(opinions):
    return [Opinion.unscoped.get(pk=o.pk).state for o in opinions]


def test_the_assignee_answers_three_at_once(tree, leader_a):
    opinions = [at_state("assigned", region=tree["village_a"], assignee=leader_a) for _ in range(3)]
    answered = services.answer_many(leader_a, opinions, "统一答复：已列入明年计划。")
    assert len(answered) == 3
    assert _states(opinions) == ["answered", "answered", "answered"]
    assert {Opinion.unscoped.get(pk=o.pk).reply for o in opinions} == {"统一答复：已列入明年计划。"}
    assert OpinionEvent.unscoped.filter(action="answer").count() == 3


def test_one_opinion_of_someone_else_answers_none(tree, leader_a, leader_a2):
    mine = [at_state("assigned", region=tree["village_a"], assignee=leader_a) for _ in range(2)]
    theirs = at_state("assigned", region=tree["village_a"], assignee=leader_a2)
    with pytest.raises(NotPermitted):
        services.answer_many(leader_a, [*mine, theirs], "统一答复")
    assert _states([*mine, theirs]) == ["assigned", "assigned", "assigned"]
    assert OpinionEvent.unscoped.count() == 0


def test_one_closed_opinion_answers_none(tree, town_admin, leader_a):
    open_ones = [
        at_state("assigned", region=tree["village_a"], assignee=leader_a) for _ in range(2)
    ]
    closed = at_state("closed", region=tree["village_a"], assignee=leader_a)
    with pytest.raises(ServiceError) as refused:
        services.answer_many(town_admin, [*open_ones, closed], "统一答复")
    assert refused.value.code == "opinion_conflict"
    assert refused.value.message.startswith(f"意见“{closed.text[:20]}”：")
    assert _states([*open_ones, closed]) == ["assigned", "assigned", "closed"]
    assert OpinionEvent.unscoped.count() == 0


def test_nothing_chosen_or_no_reply_is_refused(tree, leader_a):
    opinion = at_state("assigned", region=tree["village_a"], assignee=leader_a)
    with pytest.raises(ServiceError) as nothing:
        services.answer_many(leader_a, [], "答复")
    with pytest.raises(ServiceError) as empty:
        services.answer_many(leader_a, [opinion], " ")
    assert (nothing.value.code, empty.value.code) == ("no_opinions", "reply_required")
