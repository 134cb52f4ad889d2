"""Demo data of the volunteer registry, hours and stars: a profile for every member of
the 星火 squads (numbers in sequence, skills from the roster, availability), their
volunteer hours confirmed by the organisers for the services held before the demo's
today (the first village's last week left to confirm), the town squadron's daily
森林防火巡查值守 in the dry season so that some volunteers hold stars (five one-star, two
two-star, two three-star), and one 志愿服务记录证明 issued to the volunteer with most hours."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import Activity, ActivityType, Attendance, AttendanceRole
from sanwei.teams.models import Membership, TeamKind
from sanwei.volunteers import hours
from sanwei.volunteers.models import VolunteerProfile
from sanwei.volunteers.services import issue_certificate

from .pillars import DemoContext

POSTS = ("环境整治", "关爱一老一小", "政策宣讲", "护学岗", "文明劝导", "森林防火", "抗旱保供")
DUTY_TITLE = "森林防火巡查值守"
DUTY_FIRST_DAY = dt.date(2022, 10, 26)
DUTY_HOURS = Decimal("8.0")
# How often (every n-th duty day) each star candidate was on duty: 76 days × 8 hours.
DUTY_EVERY = (1, 1, 2, 2, 6, 6, 6, 6, 6)  # ~608 h, ~304 h, ~104 h


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _profiles(ctx: DemoContext) -> list[VolunteerProfile]:
    memberships = (
        Membership.unscoped.filter(team__kind=TeamKind.SQUAD, ended_on__isnull=True)
        .select_related("person", "team")
        .order_by("team__region__path", "role", "person_id")
    )
    seen: set[int] = set()
    profiles = []
    prefix = ctx.town.code[:9]
    for membership in memberships:
        person = membership.person
        if person.pk in seen:
            continue
        seen.add(person.pk)
        slots = {
            name: ctx.rng.random() < chance
            for name, chance in (
                ("weekday_morning", 0.3),
                ("weekday_afternoon", 0.3),
                ("weekday_evening", 0.6),
                ("weekend_morning", 0.7),
                ("weekend_afternoon", 0.6),
                ("weekend_evening", 0.4),
            )
        }
        profiles.append(
            VolunteerProfile(
                person=person,
                number=f"{prefix}-{len(profiles) + 1:04d}",
                card_code=f"demo{ctx.rng.getrandbits(40):010x}"[:12],
                skills=person.skills,
                job_post=ctx.rng.choice(POSTS),
                joined_on=membership.started_on,
                **slots,
            )
        )
    return VolunteerProfile.unscoped.bulk_create(profiles)


def _confirm_held(ctx: DemoContext) -> int:
    """The organisers confirmed the hours of what was held before today, except the first
    village's last week (its secretary confirms those on the activity page)."""
    from .builder import FIRST_VILLAGE_CODE

    today = _aware(ctx.today, 0)
    held = Attendance.unscoped.filter(
        role=AttendanceRole.VOLUNTEER, activity__ends_at__lt=today, confirmed_at__isnull=True
    ).exclude(
        activity__region__path__startswith=FIRST_VILLAGE_CODE,
        activity__starts_at__gte=today - dt.timedelta(days=7),
    )
    return held.update(confirmed_at=today - dt.timedelta(hours=6), confirmed_by=ctx.users["town"])


def _duty(ctx: DemoContext, profiles: list[VolunteerProfile]) -> list[int]:
    """The squadron's daily fire-prevention duty at the town, crewed by star candidates."""
    squadron = ctx.teams["squadron"]
    candidates = ctx.rng.sample(profiles, min(len(DUTY_EVERY), len(profiles)))
    duty_type = ActivityType.objects.get(code="volunteer_service")
    days = (ctx.today - DUTY_FIRST_DAY).days
    activities = Activity.unscoped.bulk_create(
        Activity(
            campaign=ctx.campaign,
            activity_type=duty_type,
            title=f"星火志愿服务队：{DUTY_TITLE}",
            region=ctx.town,
            organising_team=squadron,
            starts_at=_aware(DUTY_FIRST_DAY + dt.timedelta(days=d), 8),
            ends_at=_aware(DUTY_FIRST_DAY + dt.timedelta(days=d), 16),
            place="东岳观镇林区卡点",
            notes="服务领域：森林防火",
        )
        for d in range(days)
    )
    confirmed_at = _aware(ctx.today, 0) - dt.timedelta(hours=6)
    Attendance.unscoped.bulk_create(
        Attendance(
            activity=activity,
            person_id=profile.person_id,
            role=AttendanceRole.VOLUNTEER,
            hours=DUTY_HOURS,
            recorded_by=ctx.users["town"],
            confirmed_at=confirmed_at,
            confirmed_by=ctx.users["town"],
        )
        for d, activity in enumerate(activities)
        for profile, every in zip(candidates, DUTY_EVERY, strict=False)
        if d % every == 0
    )
    return [p.pk for p in candidates]


def build(ctx: DemoContext) -> dict[str, int]:
    profiles = _profiles(ctx)
    if not profiles:
        return {}
    _duty(ctx, profiles)
    _confirm_held(ctx)
    standings = hours.standings(
        VolunteerProfile.unscoped.select_related("person").filter(pk__in=[p.pk for p in profiles])
    )
    issue_certificate(standings[0].profile, user=SYSTEM, today=ctx.today)
    return {
        "志愿者": len(profiles),
        "星级志愿者": sum(1 for s in standings if s.stars),
        "志愿服务记录证明": 1,
    }
