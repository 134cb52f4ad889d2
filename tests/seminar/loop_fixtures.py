"""Fixtures of the opinion loop's tests (imported by the test_opinion_* modules; kept out
of conftest.py, which the other seminar suites share)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sanwei.accounts.models import Role
from sanwei.seminar.models import Opinion

from ..factories import OpinionFactory, user_with_role

__all__ = ["leader_a", "leader_a2", "next_week"]  # the fixtures (`at_state` is imported by name)


@pytest.fixture
def leader_a(tree):
    return user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")


@pytest.fixture
def leader_a2(tree):
    return user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a2")


@pytest.fixture
def next_week() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=7)


def at_state(state: str, *, region, assignee=None, **extra) -> Opinion:
    """An opinion of village A already in `state`, with the fields that state implies."""
    now = timezone.now()
    fields = {"state": state, "region": region}
    if state != "received":
        fields |= {
            "assignee": assignee,
            "assignee_office": "" if assignee else "镇农业办",
            "due_on": timezone.localdate() + dt.timedelta(days=3),
        }
    if state in {"answered", "adopted", "partly_adopted", "not_adopted", "closed"}:
        fields |= {"reply": "已安排维修。", "answered_at": now}
    if state in {"adopted", "partly_adopted", "not_adopted", "closed"}:
        decision = state if state != "closed" else "adopted"
        fields |= {"decision": decision, "decided_at": now}
        if decision != "adopted":
            fields["decision_reason"] = "资金有限，分步实施"
    if state == "closed":
        fields["closed_at"] = now
    return OpinionFactory(**(fields | extra))
