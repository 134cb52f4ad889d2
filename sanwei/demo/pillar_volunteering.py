"""Demo data of volunteer (service) activities: every 志愿服务 held gets its service
category (from the field its notes name), 走访慰问 visits theirs, and the first village
(the demo volunteer's) has services still to come that take sign-ups — one full with a
waiting list (a place given up moved the first waiting volunteer up), one with places left
for the demo volunteer to try, one the demo volunteer has signed up for, a 主题党日 without
a limit — and the town squadron a drought-relief service.

The services to come are dated from the day the demo is built (sign-up closes when an
activity starts), not from the demo's story date: like the codes and timestamps, their
dates are not decided by the seed."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import Activity, ActivityType
from sanwei.activities.services import save_activity
from sanwei.needs.models import VolunteerAccount
from sanwei.teams.models import Membership
from sanwei.volunteering.defaults import seed_default_categories
from sanwei.volunteering.models import ServiceActivity, ServiceCategory
from sanwei.volunteering.services import cancel_signup, save_service_activity, sign_up
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


def _upcoming(ctx: DemoContext, code: str, title: str, region, days: int, hour: int, hours: int):
    start = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour))
    )
    activity = Activity(
        campaign=ctx.campaign,
        activity_type=ActivityType.objects.get(code=code),
        title=title,
        region=region,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
    )
    return save_activity(activity, user=SYSTEM)


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
        activity = _upcoming(ctx, code, title, region, days, hour, hours)
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
    # Full, with a waiting list: one more than the limit signed up, plus two waiting; then
    # one gave their place up and the first waiting moved up.
    limit = max(1, min(4, len(crew) - 2))
    full = service(
        "volunteer_service", "关爱留守儿童：周末作业辅导", village, 6, 9, 3,
        "elderly_children", limit, f"{name}农家书屋", squad,
    )  # fmt: skip
    signed = [sign_up(full, p, user=SYSTEM) for p in crew[: limit + 3]]
    cancel_signup(signed[0], user=SYSTEM)
    # Places left for the demo volunteer to try.
    school = service(
        "volunteer_service", "文明护校：上学放学护学岗", village, 3, 7, 2,
        "school_safety", 6, f"{name}小学校门口", squad,
    )  # fmt: skip
    for person in crew[:2]:
        sign_up(school, person, user=SYSTEM)
    # One the demo volunteer has signed up for.
    fire = service(
        "volunteer_service", "森林防火宣传：入户发放防火承诺书", village, 9, 14, 3,
        "forest_fire", 8, f"{name}各组", squad,
    )  # fmt: skip
    for person in ([me] if me else []) + crew[:2]:
        sign_up(fire, person, user=SYSTEM)
    party_day = service(
        "themed_party_day", f"{name}主题党日：惠民政策进院落", village, 12, 9, 2,
        "policy", None, f"{name}党群服务中心", squad,
    )  # fmt: skip
    sign_up(party_day, crew[0], user=SYSTEM)
    squadron = ctx.teams.get("squadron")
    if squadron is not None:
        water = service(
            "volunteer_service", "抗旱保供：为缺水农户送生活用水", ctx.town, 4, 8, 4,
            "drought", 10, "东岳观镇各缺水村组", squadron,
        )  # fmt: skip
        for person in crew[:5]:
            sign_up(water, person, user=SYSTEM)
    made["可报名的志愿服务"] = 5 if squadron is not None else 4
    made["已报满并有候补的活动"] = 1
    return made
