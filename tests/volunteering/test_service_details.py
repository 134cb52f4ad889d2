"""A 微服务 activity's category, sign-up limit, place and squad: set by who may change the
activity, refused for other pillars and for a wrong squad; the limit moves the waiting list."""

from __future__ import annotations

import pytest

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import Activity
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.models import ActionLog
from sanwei.teams.models import TeamKind
from sanwei.volunteering.models import ServiceActivity
from sanwei.volunteering.services import save_service_activity, sign_up, signup_lists

from ..factories import ActivityFactory, TeamFactory
from .conftest import category


def _save(activity, user=SYSTEM, **changes):
    values = {
        "category": category("forest_fire"),
        "signup_limit": 3,
        "place": "东岳观村后山林区卡点",
        "squad": activity.organising_team,
        **changes,
    }
    return save_service_activity(activity, user=user, **values)


def test_the_secretary_sets_category_limit_place_and_squad(activity, secretary_a, tree):
    other_squad = TeamFactory(region=tree["village_a"], name="护林小队", kind=TeamKind.SQUAD)

    service = _save(activity, user=secretary_a, squad=other_squad)

    saved = Activity.unscoped.get(pk=activity.pk)
    assert (saved.place, saved.organising_team) == ("东岳观村后山林区卡点", other_squad)
    service = ServiceActivity.unscoped.get(activity=activity)
    assert (service.category.name, service.signup_limit) == ("森林防火", 3)
    log = ActionLog.objects.filter(action_type="sanwei.service_activity.changed").get()
    assert log.data["category"] == "forest_fire" and log.user == secretary_a


def test_an_activity_of_another_pillar_gets_no_service_details(tree, squad):
    lecture = ActivityFactory(region=tree["village_a"], campaign__region=tree["village_a"])

    with pytest.raises(ServiceError) as refused:
        _save(lecture, squad=squad)

    assert (refused.value.code, refused.value.message) == (
        "not_a_service_activity",
        "只有微服务板块的活动可以设置服务类别和报名",
    )
    assert not ServiceActivity.unscoped.exists()


@pytest.mark.parametrize(
    ("kind", "where", "code", "message"),
    [
        (TeamKind.LECTURE, "village_a", "squad_not_volunteer_team", "“某队”不是志愿服务小队或中队"),
        (TeamKind.SQUAD, "other_village", "squad_other_town", "“某队”不是本镇的志愿服务队伍"),
    ],
)
def test_the_squad_is_a_volunteer_squad_of_the_town(activity, tree, kind, where, code, message):
    team = TeamFactory(region=tree[where], name="某队", kind=kind)

    with pytest.raises(ServiceError) as refused:
        _save(activity, squad=team)

    assert (refused.value.code, refused.value.message, refused.value.field) == (
        code,
        message,
        "squad",
    )


def test_place_is_required_and_a_switched_off_category_cannot_be_chosen(activity):
    with pytest.raises(ServiceError) as no_place:
        _save(activity, place="  ")
    off = category("drought")
    off.is_active = False
    off.save()
    with pytest.raises(ServiceError) as switched_off:
        _save(activity, category=off)

    assert (no_place.value.code, no_place.value.message) == ("place_required", "请填写服务地点")
    assert switched_off.value.message == "服务类别“抗旱救灾”已停用"


def test_a_limit_below_the_places_taken_is_refused(activity, people):
    for person in people[:2]:
        sign_up(activity, person, user=SYSTEM)

    with pytest.raises(ServiceError) as refused:
        _save(activity, signup_limit=1)

    assert refused.value.message == "已有2人报名，上限不能少于2人"
    assert ServiceActivity.unscoped.get(activity=activity).signup_limit == 2


def test_raising_the_limit_moves_the_first_waiting_up(activity, people):
    for person in people:
        sign_up(activity, person, user=SYSTEM)

    _save(activity, signup_limit=3)

    lists = signup_lists(activity)
    assert [s.person.name for s in lists.signed_up] == ["张三", "李四", "王五"]
    assert [(s.position, s.person.name) for s in lists.waiting] == [(1, "赵六")]
    assert ActionLog.objects.filter(action_type="sanwei.signup.promoted").count() == 1


def test_another_villages_secretary_and_a_volunteer_may_not_set_them(
    activity, secretary_b, volunteer_a
):
    for user in (secretary_b, volunteer_a, None):
        with pytest.raises(NotPermitted):
            _save(activity, user=user, signup_limit=9)

    assert ServiceActivity.unscoped.get(activity=activity).signup_limit == 2
