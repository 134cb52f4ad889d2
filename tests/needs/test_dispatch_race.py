"""Two staff dispatching the same need at the same moment (a village secretary and a town
admin, through the API): one dispatch is kept, the other gets `need_conflict`, because
`_transition` locks the need row before re-checking its state. The control removes the
lock: both requests pass the check together and both dispatches are written (two
dispatch events, the second assignee overwrites the first). PostgreSQL only."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from sanwei.accounts.models import Role
from sanwei.accounts.tokens import create_token
from sanwei.needs.models import Need, NeedEvent

from ..concurrency.conftest import CheckProbe, _fresh_content_type_cache, run_together  # noqa: F401
from ..factories import need_in_state, squad_volunteer, user_with_role

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.postgresql_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def staff(tree):
    return {
        "village": user_with_role(Role.VILLAGE_SECRETARY, tree["village_a"], username="sec_a"),
        "town": user_with_role(Role.TOWN_ADMIN, tree["town"], username="town_admin"),
    }


@pytest.fixture
def setup(tree):
    with scopes_disabled():
        wang = squad_volunteer(tree["village_a"], name="王志愿")
        li = squad_volunteer(tree["village_a"], name="李志愿")
        need = need_in_state("accepted", region=tree["village_a"])
    return need, wang, li


@pytest.fixture
def probe(monkeypatch) -> CheckProbe:
    """Every request past the "still accepted?" check goes on to write its event."""
    probe = CheckProbe()
    manager = NeedEvent.unscoped
    monkeypatch.setitem(vars(manager), "create", probe.wrap(manager.create))
    return probe


@pytest.fixture
def without_lock(monkeypatch) -> None:
    manager = Need.unscoped
    monkeypatch.setitem(vars(manager), "select_for_update", lambda *a, **kw: manager.all())


def _dispatch_together(setup, staff):
    need, wang, li = setup
    calls = []
    for who, person in (("village", wang), ("town", li)):
        token = create_token(staff[who], "race")
        client = Client()
        calls.append(
            lambda c=client, t=token, p=person: c.post(
                f"/api/v1/needs/{need.pk}/dispatch",
                data=json.dumps({"volunteer_id": p.pk}),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {t}",
            )
        )
    return run_together(calls)


def test_two_staff_dispatching_at_once_one_wins_the_other_is_told(setup, staff, probe):
    outcomes = _dispatch_together(setup, staff)

    assert sorted(o.response.status_code for o in outcomes) == [200, 400]
    loser = next(o.response for o in outcomes if o.response.status_code == 400).json()
    assert loser["code"] == "need_conflict"
    assert loser["message"] == "该需求刚刚被他人处理，现为“已派单”，请刷新后再试"
    assert probe.passed == 1
    with scopes_disabled():
        need = Need.unscoped.get(pk=setup[0].pk)
        assert need.state == "dispatched"
        assert NeedEvent.unscoped.filter(need=need, action="dispatch").count() == 1


def test_control_without_the_lock_both_dispatches_are_written(setup, staff, probe, without_lock):
    outcomes = _dispatch_together(setup, staff)

    assert sorted(o.response.status_code for o in outcomes) == [200, 200]
    assert probe.most_at_once == 2
    with scopes_disabled():
        assert NeedEvent.unscoped.filter(need=setup[0], action="dispatch").count() == 2
