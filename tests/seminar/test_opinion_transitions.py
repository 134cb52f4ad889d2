"""The opinion loop's state machine, over every state × action: each legal move lands
in its state and writes one event and one log entry; each illegal one is refused with a
Chinese message naming the states, and nothing changes. The expectations are written out
by hand, not read from services.TRANSITIONS."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sanwei.core.errors import ServiceError
from sanwei.core.models import ActionLog
from sanwei.seminar import services
from sanwei.seminar.models import Opinion, OpinionEvent

from .loop_fixtures import *  # noqa: F403  (fixtures)
from .loop_fixtures import at_state

STATES = [
    "received",
    "assigned",
    "answered",
    "adopted",
    "partly_adopted",
    "not_adopted",
    "closed",
]
ACTIONS = ["assign", "reassign", "answer", "decide", "close", "reopen"]

# state → action → the state it leads to, or the refusal's code.
ILLEGAL = "opinion_illegal_transition"
CONFLICT = "opinion_conflict"  # answering an opinion someone has already answered
EXPECTED = {
    "received": {
        "assign": "assigned", "reassign": ILLEGAL, "answer": "answered",
        "decide": ILLEGAL, "close": ILLEGAL, "reopen": ILLEGAL,
    },
    "assigned": {
        "assign": ILLEGAL, "reassign": "assigned", "answer": "answered",
        "decide": ILLEGAL, "close": ILLEGAL, "reopen": ILLEGAL,
    },
    "answered": {
        "assign": ILLEGAL, "reassign": ILLEGAL, "answer": CONFLICT,
        "decide": "partly_adopted", "close": ILLEGAL, "reopen": "assigned",
    },
    "adopted": {
        "assign": ILLEGAL, "reassign": ILLEGAL, "answer": CONFLICT,
        "decide": ILLEGAL, "close": "closed", "reopen": "assigned",
    },
    "partly_adopted": {
        "assign": ILLEGAL, "reassign": ILLEGAL, "answer": CONFLICT,
        "decide": ILLEGAL, "close": "closed", "reopen": "assigned",
    },
    "not_adopted": {
        "assign": ILLEGAL, "reassign": ILLEGAL, "answer": CONFLICT,
        "decide": ILLEGAL, "close": "closed", "reopen": "assigned",
    },
    "closed": {
        "assign": ILLEGAL, "reassign": ILLEGAL, "answer": CONFLICT,
        "decide": ILLEGAL, "close": ILLEGAL, "reopen": "assigned",
    },
}  # fmt: skip

STATE_NAMES = {
    "received": "已收集",
    "assigned": "已交办",
    "answered": "已答复",
    "adopted": "已采纳",
    "partly_adopted": "部分采纳",
    "not_adopted": "未采纳",
    "closed": "已办结",
}


def _do(action: str, opinion: Opinion, user, assignee, due_on):
    if action == "assign":
        return services.assign_opinion(opinion, assignee=assignee, due_on=due_on, user=user)
    if action == "reassign":
        return services.reassign_opinion(
            opinion, assignee_office="镇水利站", due_on=due_on, user=user
        )
    if action == "answer":
        return services.answer_opinion(opinion, reply="路灯已于本周修好。", user=user)
    if action == "decide":
        return services.decide_opinion(
            opinion, decision="partly_adopted", reason="先修村口两盏", user=user
        )
    if action == "close":
        return services.close_opinion(opinion, user=user)
    if action == "reopen":
        return services.reopen_opinion(opinion, reason="群众反映仍未修好", due_on=due_on, user=user)
    raise AssertionError(action)


def test_the_expectations_cover_every_state_and_action():
    assert sorted(EXPECTED) == sorted(STATES)
    assert all(sorted(row) == sorted(ACTIONS) for row in EXPECTED.values())
    assert sorted(services.TRANSITIONS) == sorted(ACTIONS)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", STATES)
def test_every_state_and_action(tree, town_admin, leader_a, next_week, state, action):
    opinion = at_state(state, region=tree["village_a"], assignee=leader_a)
    expected = EXPECTED[state][action]
    before = Opinion.unscoped.filter(pk=opinion.pk).values().get()
    logs_before = ActionLog.objects.count()

    if expected in (ILLEGAL, CONFLICT):
        with pytest.raises(ServiceError) as refused:
            _do(action, opinion, town_admin, leader_a, next_week)
        assert refused.value.code == expected
        assert Opinion.unscoped.filter(pk=opinion.pk).values().get() == before
        assert OpinionEvent.unscoped.filter(opinion=opinion).count() == 0
        assert ActionLog.objects.count() == logs_before
        if expected == ILLEGAL:
            assert f"该意见现为“{STATE_NAMES[state]}”" in refused.value.message
        return

    _do(action, opinion, town_admin, leader_a, next_week)
    opinion.refresh_from_db()
    assert opinion.state == expected
    event = OpinionEvent.unscoped.get(opinion=opinion)
    assert (event.action, event.from_state, event.to_state, event.user) == (
        action,
        state,
        expected,
        town_admin,
    )
    log = ActionLog.objects.latest("pk")
    assert (log.action_type, log.data["from"], log.data["to"], log.user) == (
        f"sanwei.opinion.{action}",
        state,
        expected,
        town_admin,
    )


def test_an_illegal_move_names_both_states(tree, town_admin):
    opinion = at_state("received", region=tree["village_a"])
    with pytest.raises(ServiceError) as refused:
        services.close_opinion(opinion, user=town_admin)
    assert refused.value.message == (
        "该意见现为“已收集”，不能办结（只有“已采纳”、“部分采纳”、“未采纳”的意见可以办结）"
    )


@pytest.mark.parametrize(
    ("decision", "reason", "state"),
    [
        ("adopted", "", "adopted"),
        ("partly_adopted", "先修村口两盏", "partly_adopted"),
        ("not_adopted", "不属于村级事务", "not_adopted"),
    ],
)
def test_each_decision_leads_to_its_state(tree, town_admin, decision, reason, state):
    opinion = at_state("answered", region=tree["village_a"])
    services.decide_opinion(opinion, decision=decision, reason=reason, user=town_admin)
    opinion.refresh_from_db()
    assert (opinion.state, opinion.decision, opinion.decision_reason) == (state, decision, reason)
    assert opinion.decided_at is not None


@pytest.mark.parametrize("decision", ["partly_adopted", "not_adopted"])
def test_partly_or_not_adopted_needs_a_reason(tree, town_admin, decision):
    opinion = at_state("answered", region=tree["village_a"])
    with pytest.raises(ServiceError) as refused:
        services.decide_opinion(opinion, decision=decision, reason="  ", user=town_admin)
    assert (refused.value.code, refused.value.field) == (
        "decision_reason_required",
        "decision_reason",
    )
    assert Opinion.unscoped.get(pk=opinion.pk).state == "answered"


def test_assign_needs_a_due_date_and_someone(tree, town_admin, leader_a):
    opinion = at_state("received", region=tree["village_a"])
    with pytest.raises(ServiceError) as no_date:
        services.assign_opinion(opinion, assignee=leader_a, due_on=None, user=town_admin)
    with pytest.raises(ServiceError) as nobody:
        services.assign_opinion(
            opinion, due_on=timezone.localdate(), assignee_office="  ", user=town_admin
        )
    assert (no_date.value.code, nobody.value.code) == ("due_on_required", "assignee_required")
    assert Opinion.unscoped.get(pk=opinion.pk).state == "received"


def test_assign_to_someone_without_a_role_in_the_village_is_refused(
    tree,
    town_admin,
    secretary_b,
    next_week,
):
    opinion = at_state("received", region=tree["village_a"])
    with pytest.raises(ServiceError) as refused:
        services.assign_opinion(opinion, assignee=secretary_b, due_on=next_week, user=town_admin)
    assert (refused.value.code, refused.value.field) == ("assignee_out_of_region", "assignee")


def test_reopen_keeps_the_earlier_answer_in_the_timeline(tree, town_admin, next_week):
    opinion = at_state("partly_adopted", region=tree["village_a"])
    services.reopen_opinion(opinion, reason="群众反映仍未修好", due_on=next_week, user=town_admin)
    opinion.refresh_from_db()
    assert (opinion.state, opinion.reply, opinion.decision, opinion.answered_at) == (
        "assigned",
        "",
        "",
        None,
    )
    assert opinion.due_on == next_week
    event = OpinionEvent.unscoped.get(opinion=opinion)
    assert event.note == (
        "群众反映仍未修好\n原答复：已安排维修。\n原采纳情况：部分采纳 资金有限，分步实施"
    )
