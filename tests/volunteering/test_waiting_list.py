"""Sign-up limit and waiting list: past the limit a volunteer waits with a position; a
cancelled place goes to the first waiting (logged), the others keep their order."""

from __future__ import annotations

import pytest

from sanwei.accounts.permissions import SYSTEM
from sanwei.core.errors import ServiceError
from sanwei.core.models import ActionLog
from sanwei.volunteering.models import SignUp
from sanwei.volunteering.services import cancel_signup, sign_up, signup_lists


def _state(activity):
    lists = signup_lists(activity)
    return (
        [s.person.name for s in lists.signed_up],
        [(s.position, s.person.name) for s in lists.waiting],
        lists.free,
    )


def test_past_the_limit_volunteers_join_the_waiting_list_in_order(activity, people):
    first, second, third, fourth = (sign_up(activity, p, user=SYSTEM) for p in people)

    assert (first.status, first.position) == ("signed_up", None)
    assert (second.status, second.position) == ("signed_up", None)
    assert (third.status, third.position) == ("waiting", 1)
    assert (fourth.status, fourth.position) == ("waiting", 2)
    assert _state(activity) == (["张三", "李四"], [(1, "王五"), (2, "赵六")], 0)


def test_a_cancelled_place_goes_to_the_first_waiting_and_the_order_is_kept(activity, people):
    signups = [sign_up(activity, p, user=SYSTEM) for p in people]

    moved = cancel_signup(signups[0], user=SYSTEM)

    assert [m.person.name for m in moved] == ["王五"]
    assert _state(activity) == (["李四", "王五"], [(1, "赵六")], 0)
    promoted = SignUp.unscoped.get(pk=signups[2].pk)
    assert promoted.status == "signed_up" and promoted.promoted_at is not None
    log = ActionLog.objects.filter(action_type="sanwei.signup.promoted").get()
    assert (log.object_id, log.data["person"]) == (signups[2].pk, people[2].pk)
    assert SignUp.unscoped.get(pk=signups[0].pk).status == "cancelled"


def test_cancelling_a_waiting_entry_moves_those_behind_it_up_and_nobody_in(activity, people):
    signups = [sign_up(activity, p, user=SYSTEM) for p in people]

    moved = cancel_signup(signups[2], user=SYSTEM)  # 王五, first waiting

    assert moved == []
    assert _state(activity) == (["张三", "李四"], [(1, "赵六")], 0)
    assert not ActionLog.objects.filter(action_type="sanwei.signup.promoted").exists()


def test_a_second_sign_up_of_the_same_volunteer_is_refused_in_chinese(activity, people):
    sign_up(activity, people[0], user=SYSTEM)

    with pytest.raises(ServiceError) as refused:
        sign_up(activity, people[0], user=SYSTEM)

    assert (refused.value.code, refused.value.message) == (
        "signup_duplicate",
        "张三已报名本活动，不能重复报名",
    )
    assert SignUp.unscoped.filter(activity=activity, person=people[0]).count() == 1


def test_a_second_sign_up_from_the_waiting_list_names_the_position(activity, people):
    for person in people[:3]:
        sign_up(activity, person, user=SYSTEM)

    with pytest.raises(ServiceError) as refused:
        sign_up(activity, people[2], user=SYSTEM)

    assert refused.value.message == "王五已在本活动的候补名单中（第1位），不能重复报名"


def test_the_database_refuses_a_second_active_sign_up(activity, people):
    from django.db import IntegrityError, transaction

    sign_up(activity, people[0], user=SYSTEM)
    with pytest.raises(IntegrityError), transaction.atomic():
        SignUp.unscoped.create(activity=activity, person=people[0], status="waiting")


def test_after_cancelling_a_volunteer_may_sign_up_again_at_the_end(activity, people):
    signups = [sign_up(activity, p, user=SYSTEM) for p in people[:3]]
    cancel_signup(signups[0], user=SYSTEM)  # 王五 moves up

    again = sign_up(activity, people[0], user=SYSTEM)

    assert (again.status, again.position) == ("waiting", 1)
    assert _state(activity) == (["李四", "王五"], [(1, "张三")], 0)


def test_a_cancelled_sign_up_cannot_be_cancelled_again(activity, people):
    signup = sign_up(activity, people[0], user=SYSTEM)
    cancel_signup(signup, user=SYSTEM)

    with pytest.raises(ServiceError) as refused:
        cancel_signup(signup, user=SYSTEM)

    assert (refused.value.code, refused.value.message) == ("signup_cancelled", "该报名已取消")


def test_without_a_limit_nobody_waits(tree, squad, people):
    from .conftest import service_activity

    unlimited = service_activity(tree["village_a"], squad, limit=None)

    statuses = [sign_up(unlimited, p, user=SYSTEM).status for p in people]

    assert statuses == ["signed_up"] * 4
    assert _state(unlimited) == (["张三", "李四", "王五", "赵六"], [], None)
