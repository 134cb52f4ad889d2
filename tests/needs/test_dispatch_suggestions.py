"""Dispatch suggestions: the town's squad volunteers ranked by region closeness (same 组 >
same village > town), then matching skills, then availability now (volunteer profile),
then fewest open needs; the squads of the town by region then load."""

from __future__ import annotations

import datetime as dt

from sanwei.accounts.permissions import SYSTEM
from sanwei.needs import services
from sanwei.needs.models import NeedCategory
from sanwei.regions.models import RegionLevel

from ..factories import RegionFactory, VolunteerProfileFactory, need_in_state, squad_volunteer

# A Monday, 10:00 in Beijing: the weekday-morning slot.
MONDAY_MORNING = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_candidates_are_ranked_by_region_skills_availability_and_load(tree):
    village_a = tree["village_a"]
    group = RegionFactory(code="430821104201003", name="三组", level=RegionLevel.GROUP,
                          parent=village_a)  # fmt: skip
    zhang = squad_volunteer(group, name="张组内")
    squad_volunteer(village_a, name="李电工", skills="水电维修")
    squad_volunteer(village_a, name="王村里")
    zhao = squad_volunteer(village_a, name="赵有空")
    sun = squad_volunteer(village_a, name="孙在忙")
    qian = squad_volunteer(tree["village_b"], name="钱外村", skills="水电")
    squad_volunteer(tree["other_village"], name="周外镇", skills="水电维修")
    VolunteerProfileFactory(person=zhao, weekday_morning=True)
    VolunteerProfileFactory(person=qian, weekend_evening=True)
    need_in_state("dispatched", region=village_a, volunteer=zhao)
    need_in_state("in_progress", region=village_a, volunteer=sun)
    need = need_in_state("accepted", region=group, description="水管漏水",
                         category=NeedCategory.objects.get(code="repair"))  # fmt: skip

    volunteers, squads = services.suggest_candidates(need, user=SYSTEM, now=MONDAY_MORNING)

    assert [(c.name, c.region, c.skills, c.available, c.load) for c in volunteers] == [
        ("张组内", 3, 0, None, 0),
        ("李电工", 2, 1, None, 0),
        ("赵有空", 2, 0, 1, 1),
        ("王村里", 2, 0, None, 0),
        ("孙在忙", 2, 0, None, 1),
        ("钱外村", 1, 1, 0, 0),
    ]
    assert [(c.name, c.region, c.load) for c in squads] == [
        ("三组志愿服务小队", 3, 0),
        ("东岳观村志愿服务小队", 2, 0),
        ("双岗村志愿服务小队", 1, 0),
    ]
    services.dispatch(need, user=SYSTEM, volunteer=zhang)
    volunteers, _ = services.suggest_candidates(need, user=SYSTEM, now=MONDAY_MORNING)
    assert volunteers[0].load == 1


def test_a_squad_or_volunteer_of_another_town_is_refused(tree):
    from sanwei.core.errors import ServiceError
    from sanwei.teams.models import Team

    outsider = squad_volunteer(tree["other_village"], name="周外镇")
    need = need_in_state("accepted", region=tree["village_a"])
    for kwargs, code in (
        ({"volunteer": outsider}, "person_not_volunteer"),
        ({"team": Team.unscoped.get(name="通津铺村志愿服务小队")}, "team_not_squad"),
        ({}, "assignee_required"),
    ):
        try:
            services.dispatch(need, user=SYSTEM, **kwargs)
        except ServiceError as refused:
            assert refused.code == code
        else:
            raise AssertionError(kwargs)
    need.refresh_from_db()
    assert need.state == "accepted"
