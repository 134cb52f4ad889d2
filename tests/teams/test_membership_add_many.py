"""Adding many members at once (`add_members`, what the roster import uses): the rules of
adding one member, for all of them; all or none."""

import datetime as dt

import pytest

from sanwei.accounts.permissions import SYSTEM
from sanwei.core.errors import ServiceError
from sanwei.core.models import ActionLog
from sanwei.teams.models import MemberRole, Membership
from sanwei.teams.services import add_members

from ..factories import MembershipFactory, PersonFactory


def open_members(team) -> dict[str, tuple]:
    return {
        m.person.name: (m.role, m.started_on)
        for m in Membership.unscoped.filter(team=team, ended_on__isnull=True)
    }


def test_every_person_becomes_an_open_member_and_the_addition_is_logged(tree, squad_a, town_admin):
    zhang = PersonFactory(name="张三", region=tree["village_a"])
    li = PersonFactory(name="李四", region=tree["village_a"])

    added = add_members(squad_a, [zhang, li], started_on=dt.date(2023, 3, 1), user=town_admin)

    assert len(added) == 2
    assert open_members(squad_a) == {
        "张三": (MemberRole.MEMBER, dt.date(2023, 3, 1)),
        "李四": (MemberRole.MEMBER, dt.date(2023, 3, 1)),
    }
    log = ActionLog.objects.get(action_type="sanwei.membership.created_in_bulk")
    assert (log.user, log.region_path) == (town_admin, squad_a.region.path)
    assert log.data == {"team": squad_a.pk, "persons": [zhang.pk, li.pk], "role": "member"}


def test_someone_outside_the_teams_region_refuses_them_all(tree, squad_a, resident_a, resident_b):
    with pytest.raises(ServiceError) as e:
        add_members(squad_a, [resident_a, resident_b], user=SYSTEM)

    assert e.value.code == "member_outside_region"
    assert e.value.message == "李建国住在双岗村，不在本队所属区划东岳观村内"
    assert not Membership.unscoped.exists()


def test_an_open_member_already_refuses_them_all(tree, squad_a, resident_a):
    other = PersonFactory(name="张三", region=tree["village_a"])
    MembershipFactory(team=squad_a, person=resident_a)

    with pytest.raises(ServiceError) as e:
        add_members(squad_a, [other, resident_a], user=SYSTEM)

    assert (e.value.code, e.value.message) == ("membership_duplicate", "该群众已是本队队员")
    assert open_members(squad_a) == {"王秀英": (MemberRole.MEMBER, dt.date(2022, 11, 1))}


def test_the_same_person_twice_is_refused(squad_a, resident_a):
    with pytest.raises(ServiceError) as e:
        add_members(squad_a, [resident_a, resident_a], user=SYSTEM)

    assert e.value.code == "membership_duplicate"
    assert not Membership.unscoped.exists()


def test_an_unknown_role_is_refused(squad_a, resident_a):
    with pytest.raises(ServiceError) as e:
        add_members(squad_a, [resident_a], role="captain", user=SYSTEM)

    assert (e.value.code, e.value.field) == ("member_role", "role")
    assert not Membership.unscoped.exists()


def test_no_one_to_add_writes_nothing(squad_a):
    assert add_members(squad_a, [], user=SYSTEM) == []
    assert not Membership.unscoped.exists()
    assert not ActionLog.objects.filter(action_type="sanwei.membership.created_in_bulk").exists()
