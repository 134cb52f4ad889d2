"""Fixtures of the volunteer-activity tests: a squad of the town, a 微服务 activity a week
ahead with its service details, and volunteers (registered, in the squad) who may log in
as themselves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sanwei.accounts.models import Role
from sanwei.accounts.permissions import SYSTEM
from sanwei.needs.models import VolunteerAccount
from sanwei.teams.models import TeamKind
from sanwei.volunteering import services
from sanwei.volunteering.models import ServiceCategory

from ..factories import (
    ActivityFactory,
    CampaignFactory,
    MembershipFactory,
    PersonFactory,
    TeamFactory,
    VolunteerProfileFactory,
    default_activity_type,
    user_with_role,
)


def category(code: str) -> ServiceCategory:
    """A category the migration seeds; made again if a transactional test flushed it."""
    from sanwei.volunteering.defaults import DEFAULT_CATEGORIES

    item = next(c for c in DEFAULT_CATEGORIES if c["code"] == code)
    return ServiceCategory.objects.get_or_create(code=code, defaults={"name": item["name"]})[0]


@pytest.fixture
def squad(tree):
    return TeamFactory(region=tree["village_a"], name="东岳观村志愿服务小队", kind=TeamKind.SQUAD)


def volunteer(region, squad, name: str):
    """A registered volunteer of `squad` living in `region`."""
    person = PersonFactory(region=region, name=name)
    MembershipFactory(team=squad, person=person)
    VolunteerProfileFactory(person=person)
    return person


def volunteer_login(person, username: str):
    """A volunteer login acting as `person`."""
    user = user_with_role(Role.VOLUNTEER, person.region, username=username)
    VolunteerAccount.unscoped.create(user=user, person=person)
    return user


def service_activity(
    region, squad, *, limit: int | None = 2, code: str = "volunteer_service", days: int = 7
):
    """A 微服务 activity `days` ahead with its category (环境整治) and sign-up limit."""
    start = (timezone.now() + dt.timedelta(days=days)).replace(microsecond=0)
    activity = ActivityFactory(
        region=region,
        campaign=CampaignFactory(
            region=region,
            starts_on=timezone.localdate() - dt.timedelta(days=30),
            ends_on=timezone.localdate() + dt.timedelta(days=90),
        ),
        activity_type=default_activity_type(code),
        title="人居环境整治：清理房前屋后垃圾",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
    )
    services.save_service_activity(
        activity,
        category=category("environment"),
        signup_limit=limit,
        place="东岳观村村部门前",
        squad=squad,
        user=SYSTEM,
    )
    return activity


@pytest.fixture
def activity(tree, squad):
    return service_activity(tree["village_a"], squad, limit=2)


@pytest.fixture
def people(tree, squad):
    """Four volunteers of the squad, in this order."""
    return [volunteer(tree["village_a"], squad, n) for n in ("张三", "李四", "王五", "赵六")]
