"""The needs loop's one table: every (state, action) pair, legal ones move the need and
write an event, illegal ones are refused with a message naming the states."""

from __future__ import annotations

import pytest

from sanwei.accounts.permissions import SYSTEM
from sanwei.core.errors import ServiceError
from sanwei.needs import services
from sanwei.needs.models import Need, NeedEvent, NeedState, VolunteerAccount

from ..factories import need_in_state, squad_volunteer

# (state, action) → state it leads to; every pair not listed is refused.
LEGAL = {
    ("reported", "accept"): "accepted",
    ("reported", "reject"): "rejected",
    ("reported", "refer"): "referred",
    ("accepted", "refer"): "referred",
    ("accepted", "dispatch"): "dispatched",
    ("accepted", "take"): "dispatched",
    ("dispatched", "start"): "in_progress",
    ("dispatched", "give_back"): "accepted",
    ("in_progress", "give_back"): "accepted",
    ("dispatched", "resolve"): "resolved",
    ("in_progress", "resolve"): "resolved",
    ("resolved", "rate"): "rated",
    ("resolved", "close"): "closed",
    ("rated", "close"): "closed",
}
STATES = [
    "reported", "accepted", "rejected", "dispatched", "in_progress", "resolved", "rated",
    "closed", "referred",
]  # fmt: skip
ACTIONS = [
    "accept", "reject", "refer", "dispatch", "take", "start", "give_back", "resolve", "rate",
    "close",
]  # fmt: skip


def test_the_table_is_the_services_table():
    table = {
        (state, action): t.target
        for action, t in services.TRANSITIONS.items()
        for state in t.sources
    }
    assert table == LEGAL
    assert sorted(STATES) == sorted(NeedState.values)


def act(need, action, volunteer, volunteer_user):
    reason = {"reason": "需要说明"}
    calls = {
        "accept": lambda: services.accept(need, user=SYSTEM),
        "reject": lambda: services.reject(need, user=SYSTEM, **reason),
        "refer": lambda: services.refer(need, user=SYSTEM, **reason),
        "dispatch": lambda: services.dispatch(need, user=SYSTEM, volunteer=volunteer),
        "take": lambda: services.take(need, user=volunteer_user),
        "start": lambda: services.start(need, user=SYSTEM),
        "give_back": lambda: services.give_back(need, user=SYSTEM, **reason),
        "resolve": lambda: services.resolve(
            need, user=SYSTEM, summary="已办好", hours={volunteer: "1.5"}
        ),
        "rate": lambda: services.rate(need, user=SYSTEM, rating=4),
        "close": lambda: services.close(need, user=SYSTEM),
    }
    return calls[action]()


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_transition(tree, volunteer_a, state, action):
    village = tree["village_a"]
    volunteer = squad_volunteer(village, name="王志愿")
    VolunteerAccount.unscoped.create(user=volunteer_a, person=volunteer)
    need = need_in_state(state, region=village, volunteer=volunteer)
    events = NeedEvent.unscoped.filter(need=need).count()
    target = LEGAL.get((state, action))
    if target is not None:
        act(need, action, volunteer, volunteer_a)
        need = Need.unscoped.get(pk=need.pk)
        assert need.state == target
        last = NeedEvent.unscoped.filter(need=need).last()
        assert (last.action, last.from_state, last.to_state) == (action, state, target)
        return
    with pytest.raises(ServiceError) as refused:
        act(need, action, volunteer, volunteer_a)
    if action == "rate":
        expected = "need_already_rated" if state in ("rated", "closed") else "need_not_resolved"
    else:
        expected = "need_illegal_transition"
    assert refused.value.code == expected
    assert Need.unscoped.get(pk=need.pk).state == state
    assert NeedEvent.unscoped.filter(need=need).count() == events


def test_an_illegal_move_names_the_states(tree):
    need = need_in_state("reported", region=tree["village_a"])
    with pytest.raises(ServiceError) as refused:
        services.close(need, user=SYSTEM)
    assert refused.value.message == (
        "该需求现为“已登记”，不能归档（只有“已解决”、“已评价”的需求可以归档）"
    )


def test_give_back_clears_the_assignee_and_it_is_dispatched_again(tree, volunteer_a):
    village = tree["village_a"]
    wang = squad_volunteer(village, name="王志愿")
    li = squad_volunteer(village, name="李志愿")
    VolunteerAccount.unscoped.create(user=volunteer_a, person=wang)
    need = need_in_state("accepted", region=village)
    services.take(need, user=volunteer_a)
    assert (need.state, need.volunteer) == ("dispatched", wang)
    services.give_back(need, user=volunteer_a, reason="家里有事，去不了")
    assert (need.state, need.volunteer, need.dispatched_at) == ("accepted", None, None)
    services.dispatch(need, user=SYSTEM, volunteer=li)
    assert (need.state, need.volunteer) == ("dispatched", li)
    assert list(NeedEvent.unscoped.filter(need=need).values_list("action", "note")) == [
        ("register", ""), ("accept", ""), ("take", "王志愿接单"),
        ("give_back", "家里有事，去不了"), ("dispatch", "派给李志愿"),
    ]  # fmt: skip


def test_a_volunteer_may_not_give_back_someone_elses_need(tree, volunteer_a):
    village = tree["village_a"]
    wang = squad_volunteer(village, name="王志愿")
    li = squad_volunteer(village, name="李志愿")
    VolunteerAccount.unscoped.create(user=volunteer_a, person=wang)
    need = need_in_state("dispatched", region=village, volunteer=li)
    with pytest.raises(ServiceError) as refused:
        services.give_back(need, user=volunteer_a, reason="不想去")
    assert refused.value.status == 403
    assert Need.unscoped.get(pk=need.pk).state == "dispatched"


def test_a_person_outside_the_squads_cannot_take(tree, volunteer_a):
    from ..factories import PersonFactory

    VolunteerAccount.unscoped.create(
        user=volunteer_a, person=PersonFactory(region=tree["village_a"])
    )
    need = need_in_state("accepted", region=tree["village_a"])
    with pytest.raises(ServiceError) as refused:
        services.take(need, user=volunteer_a)
    assert (refused.value.status, refused.value.code) == (403, "permission_denied")
    assert Need.unscoped.get(pk=need.pk).state == "accepted"


def test_rating_refusals(tree):
    need = need_in_state("in_progress", region=tree["village_a"])
    with pytest.raises(ServiceError) as refused:
        services.rate_by_code(need.code, rating=5)
    assert (refused.value.code, refused.value.message) == (
        "need_not_resolved", "该需求现为“办理中”，尚未解决，不能评价")  # fmt: skip
    need = need_in_state("resolved", region=tree["village_a"])
    for bad in (0, 6, "五星", None):
        with pytest.raises(ServiceError) as refused:
            services.rate_by_code(need.code, rating=bad)
        assert refused.value.code == "rating_invalid"
    services.rate_by_code(need.code, rating=3, comment="来得有点慢")
    need.refresh_from_db()
    assert (need.state, need.rating, need.rating_comment, need.rated_by) == (
        "rated", 3, "来得有点慢", None)  # fmt: skip
    with pytest.raises(ServiceError) as refused:
        services.rate_by_code(need.code, rating=5)
    assert (refused.value.code, refused.value.message) == (
        "need_already_rated", "该需求已经评价过，不能重复评价")  # fmt: skip
    assert Need.unscoped.get(pk=need.pk).rating == 3
    with pytest.raises(ServiceError) as refused:
        services.rate_by_code("nosuchcode12", rating=5)
    assert refused.value.code == "need_not_found"
