"""Two staff answering the same opinion at the same moment (the assignee and a town
admin): one answer is kept, the other gets the conflict message ("该意见已被他人答复…"),
because `_transition` locks the opinion row before re-checking its state. The control
removes the lock: both requests pass the check together and both answers are written
(the second overwrites the first; two answer events). PostgreSQL only (see
tests/concurrency/)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from sanwei.accounts.models import Role
from sanwei.seminar.models import Opinion, OpinionEvent

from ..concurrency.conftest import CheckProbe, _fresh_content_type_cache, run_together  # noqa: F401
from ..factories import user_with_role
from .loop_fixtures import at_state

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.postgresql_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def staff(tree):
    return {
        "leader": user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a"),
        "town": user_with_role(Role.TOWN_ADMIN, tree["town"], username="town_admin"),
    }


@pytest.fixture
def opinion(tree, staff):
    return at_state("assigned", region=tree["village_a"], assignee=staff["leader"])


@pytest.fixture
def probe(monkeypatch) -> CheckProbe:
    """Every request past the "still unanswered?" check goes on to write its event."""
    probe = CheckProbe()
    manager = OpinionEvent.unscoped
    monkeypatch.setitem(vars(manager), "create", probe.wrap(manager.create))
    return probe


@pytest.fixture
def without_lock(monkeypatch) -> None:
    manager = Opinion.unscoped
    monkeypatch.setitem(vars(manager), "select_for_update", lambda *a, **kw: manager.all())


def _answer_together(opinion, staff):
    url = reverse("seminar:opinion_answer", args=[opinion.pk])
    calls = []
    for who, reply in (("leader", "队长的答复：本周修好。"), ("town", "镇里的答复：已安排。")):
        client = Client()
        client.force_login(staff[who])
        calls.append(lambda c=client, r=reply: c.post(url, {"reply": r}))
    return run_together(calls)


def test_two_staff_answering_at_once_one_wins_the_other_is_told(opinion, staff, probe):
    outcomes = _answer_together(opinion, staff)

    statuses = sorted(o.response.status_code for o in outcomes)
    assert statuses == [200, 302]
    loser = next(o.response for o in outcomes if o.response.status_code == 200)
    assert "该意见已被他人答复（" in loser.content.decode()
    assert probe.passed == 1
    with scopes_disabled():
        assert OpinionEvent.unscoped.filter(opinion=opinion, action="answer").count() == 1
        answered = Opinion.unscoped.get(pk=opinion.pk)
        assert answered.state == "answered"
        winner = next(o.response for o in outcomes if o.response.status_code == 302)
        assert winner["Location"] == reverse("seminar:opinion_detail", args=[opinion.pk])
        assert answered.reply in {"队长的答复：本周修好。", "镇里的答复：已安排。"}


def test_control_without_the_lock_both_answers_are_written(opinion, staff, probe, without_lock):
    outcomes = _answer_together(opinion, staff)

    assert sorted(o.response.status_code for o in outcomes) == [302, 302]
    assert probe.most_at_once == 2
    with scopes_disabled():
        assert OpinionEvent.unscoped.filter(opinion=opinion, action="answer").count() == 2
