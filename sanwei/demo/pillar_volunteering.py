"""Demo data of volunteer (service) activities: every 志愿服务 held gets its service
category (from the field its notes name), 走访慰问 visits theirs, and the first village
(the demo volunteer's) has services planned in the week after the demo's today with their
categories, limits and sign-ups — one full with a waiting list (a volunteer gave their
place up and the first waiting moved up), one with places left, one the demo volunteer
signed up for, a 主题党日 without a limit — and the town squadron a drought-relief service.

The demo's today (2023-01-10) is in the past: sign-up closes when an activity starts, so
the services refuse these sign-ups now. They are written as the services would have
written them then (places in sign-up order, the waiting list after, one cancellation and
its promotion), dated before the demo's today, so the lists and the waiting list show."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import Activity, ActivityType
from sanwei.activities.services import save_activity
from sanwei.needs.models import VolunteerAccount
from sanwei.teams.models import Membership
from sanwei.volunteering.defaults import seed_default_categories
from sanwei.volunteering.models import ServiceActivity, ServiceCategory, SignUp, SignUpStatus
from sanwei.volunteering.services import save_service_activity
from sanwei.volunteers.models import VolunteerProfile

from .pillars import DemoContext

# The service fields the builder writes into a 志愿服务's notes ("服务领域：…").
FIELD_CATEGORIES = {
    "环境治理": "environment",
    "关爱老幼": "elderly_children",
    "文明护校": "school_safety",
    "政策咨询": "policy",
    "教育": "education",
    "文化": "culture",
    "科普": "science",
    "乡村振兴": "revitalisation",
    "产业发展": "revitalisation",
    "抗旱救灾": "drought",
    "森林防火": "forest_fire",
    "村级治理": "governance",
    "走访慰问": "visits",
    "文明劝导": "civility",
}
NOTES_PREFIX = "服务领域："


def _categorise_held(categories: dict[str, ServiceCategory]) -> int:
    """Service details (category, no limit) for the held 志愿服务 and 走访慰问."""
    made = []
    services = Activity.unscoped.filter(
        activity_type__code__in=("volunteer_service", "visit_condolence"), service__isnull=True
    ).select_related("activity_type")
    for activity in services.order_by("pk"):
        if activity.activity_type.code == "visit_condolence":
            code = "visits"
        else:
            field = activity.notes.removeprefix(NOTES_PREFIX).split("\n", 1)[0].strip()
            code = FIELD_CATEGORIES.get(field)
        if code is not None:
            made.append(ServiceActivity(activity=activity, category=categories[code]))
    ServiceActivity.unscoped.bulk_create(made, batch_size=500)
    return len(made)


def _volunteers(first_squad) -> list:
    """Registered volunteers still serving: the first village's squad first, then the
    rest of the town's, by number."""
    members = set(
        Membership.unscoped.filter(team=first_squad, ended_on__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    profiles = VolunteerProfile.unscoped.filter(left_on__isnull=True).select_related("person")
    people = [p.person for p in profiles.order_by("number")]
    return [p for p in people if p.pk in members] + [p for p in people if p.pk not in members]


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _planned(ctx: DemoContext, code: str, title: str, region, days: int, hour: int, hours: int):
    start = _aware(ctx.today + dt.timedelta(days=days), hour)
    activity = Activity(
        campaign=ctx.campaign,
        activity_type=ActivityType.objects.get(code=code),
        title=title,
        region=region,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
    )
    return save_activity(activity, user=SYSTEM)


def _write_signups(ctx: DemoContext, activity, people, limit: int | None, cancel_first=False):
    """The sign-ups of `people` in this order, as `sign_up` gave them before the demo's
    today: places up to the limit, then the waiting list. With `cancel_first` the first
    gave their place up the day after and the first waiting moved up."""
    signed_at = _aware(ctx.today - dt.timedelta(days=3), 9)
    rows = []
    for k, person in enumerate(people):
        full = limit is not None and k >= limit
        rows.append(
            SignUp(
                activity=activity,
                person=person,
                status=SignUpStatus.WAITING if full else SignUpStatus.SIGNED_UP,
                created_by=ctx.users["secretary"],
            )
        )
    if cancel_first and limit is not None and len(rows) > limit:
        rows[0].status = SignUpStatus.CANCELLED
        rows[0].cancelled_at = signed_at + dt.timedelta(days=1)
        rows[0].cancelled_by = ctx.users["secretary"]
        rows[limit].status = SignUpStatus.SIGNED_UP
        rows[limit].promoted_at = rows[0].cancelled_at
    made = SignUp.unscoped.bulk_create(rows)
    for k, row in enumerate(made):
        SignUp.unscoped.filter(pk=row.pk).update(created_at=signed_at + dt.timedelta(minutes=7 * k))
    return made


def build(ctx: DemoContext) -> dict[str, int]:
    from .builder import FIRST_VILLAGE_CODE

    seed_default_categories(ServiceCategory)
    categories = {c.code: c for c in ServiceCategory.objects.all()}
    made = {"志愿服务活动（已分类）": _categorise_held(categories)}
    squads = ctx.teams.get("squads") or []
    village = next((v for v in ctx.villages if v.code == FIRST_VILLAGE_CODE), None)
    squad = next((s for s in squads if village is not None and s.region_id == village.pk), None)
    if squad is None:
        return made
    account = VolunteerAccount.unscoped.filter(user=ctx.users.get("volunteer")).first()
    me = account.person if account else None
    crew = [p for p in _volunteers(squad) if me is None or p.pk != me.pk]
    if len(crew) < 3:
        return made

    def service(code, title, region, days, hour, hours, category, limit, place, team):
        activity = _planned(ctx, code, title, region, days, hour, hours)
        save_service_activity(
            activity,
            category=categories[category],
            signup_limit=limit,
            place=place,
            squad=team,
            user=SYSTEM,
        )
        return activity

    name = village.name
    # Full, with a waiting list of two, after one gave their place up.
    limit = max(1, min(4, len(crew) - 2))
    full = service(
        "volunteer_service", "关爱留守儿童：周末作业辅导", village, 6, 9, 3,
        "elderly_children", limit, f"{name}农家书屋", squad,
    )  # fmt: skip
    _write_signups(ctx, full, crew[: limit + 3], limit, cancel_first=True)
    school = service(
        "volunteer_service", "文明护校：上学放学护学岗", village, 3, 7, 2,
        "school_safety", 6, f"{name}小学校门口", squad,
    )  # fmt: skip
    _write_signups(ctx, school, crew[:2], 6)
    fire = service(
        "volunteer_service", "森林防火宣传：入户发放防火承诺书", village, 2, 14, 3,
        "forest_fire", 8, f"{name}各组", squad,
    )  # fmt: skip
    _write_signups(ctx, fire, ([me] if me else []) + crew[:2], 8)
    party_day = service(
        "themed_party_day", f"{name}主题党日：惠民政策进院落", village, 5, 9, 2,
        "policy", None, f"{name}党群服务中心", squad,
    )  # fmt: skip
    _write_signups(ctx, party_day, crew[:1], None)
    squadron = ctx.teams.get("squadron")
    if squadron is not None:
        water = service(
            "volunteer_service", "抗旱保供：为缺水农户送生活用水", ctx.town, 4, 8, 4,
            "drought", 10, "东岳观镇各缺水村组", squadron,
        )  # fmt: skip
        _write_signups(ctx, water, crew[:5], 10)
    made["设报名人数的志愿服务"] = 5 if squadron is not None else 4
    made["已报满并有候补的活动"] = 1
    return made
