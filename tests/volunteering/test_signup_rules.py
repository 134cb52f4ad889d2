"""Who may sign up whom, and when: a volunteer only themself, staff any volunteer they
see; only registered volunteers still serving; not once the activity has begun."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import Activity
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.volunteering.models import SignUp
from sanwei.volunteering.services import cancel_signup, sign_up

from ..factories import ActivityFactory, PersonFactory
from .conftest import volunteer_login


def test_a_volunteer_signs_themself_up_and_cancels(activity, people):
    user = volunteer_login(people[0], "zhangsan")

    signup = sign_up(activity, people[0], user=user)
    cancel_signup(signup, user=user)

    row = SignUp.unscoped.get(pk=signup.pk)
    assert (row.status, row.created_by, row.cancelled_by) == ("cancelled", user, user)


def test_a_volunteer_may_not_sign_up_or_cancel_for_someone_else(activity, people):
    user = volunteer_login(people[0], "zhangsan")
    others = sign_up(activity, people[1], user=SYSTEM)

    with pytest.raises(NotPermitted):
        sign_up(activity, people[2], user=user)
    with pytest.raises(NotPermitted):
        cancel_signup(others, user=user)

    assert SignUp.unscoped.filter(status="signed_up").count() == 1


def test_the_village_secretary_signs_up_a_volunteer_another_secretary_may_not(
    activity, people, secretary_a, secretary_b
):
    with pytest.raises(NotPermitted):
        sign_up(activity, people[0], user=secretary_b)

    signup = sign_up(activity, people[0], user=secretary_a)

    assert (signup.status, signup.created_by) == ("signed_up", secretary_a)


def test_only_a_registered_volunteer_still_serving_signs_up(activity, tree, people):
    resident = PersonFactory(region=tree["village_a"], name="孙七")
    left = people[1].volunteer_profile
    left.left_on = timezone.localdate() - dt.timedelta(days=1)
    left.save()

    for person, name in ((resident, "孙七"), (people[1], "李四")):
        with pytest.raises(ServiceError) as refused:
            sign_up(activity, person, user=SYSTEM)
        assert (refused.value.code, refused.value.message) == (
            "not_a_volunteer",
            f"{name}不是登记在册的志愿者，不能报名",
        )


def test_no_sign_up_or_cancelling_once_the_activity_has_begun(activity, people):
    signup = sign_up(activity, people[0], user=SYSTEM)
    Activity.unscoped.filter(pk=activity.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=1)
    )
    activity.refresh_from_db()

    with pytest.raises(ServiceError) as late:
        sign_up(activity, people[1], user=SYSTEM)
    with pytest.raises(ServiceError) as late_cancel:
        cancel_signup(signup, user=SYSTEM)

    assert (late.value.code, late.value.message) == ("signup_closed", "活动已开始，报名已截止")
    assert late_cancel.value.message == "活动已开始，不能再取消报名"


def test_an_activity_without_service_details_takes_no_sign_ups(tree, people):
    plain = ActivityFactory(
        region=tree["village_a"], starts_at=timezone.now() + dt.timedelta(days=3)
    )

    with pytest.raises(ServiceError) as refused:
        sign_up(plain, people[0], user=SYSTEM)

    assert (refused.value.code, refused.value.message) == ("signup_not_open", "本活动未开放报名")
