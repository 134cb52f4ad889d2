"""Demo data of quantities delivered (物资与成果), in the seed's figures: 2000 份 森林防火
承诺书 handed out door to door on a fire-prevention outreach service, and 6048 吨 饮用水
delivered in the drought, spread over the town's 抗旱送水 services held before the demo's
today (5616 吨) and three residents' drought needs resolved by delivering water (432 吨),
and the 300+ 件 实事 done for residents (318 at scale 1.0, scaled) on the 敲门问需, 走访慰问
and care and advice services held before today. Recorded through
`quantities.services.add_quantity` by SYSTEM, so the town's totals read exactly 2000 份
and 6048 吨 at any scale; each record is dated when its service or need was done."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import Activity, ActivityType
from sanwei.needs import services as needs
from sanwei.needs.models import Need, NeedCategory, NeedEvent, NeedResolution, NeedSource
from sanwei.quantities.models import Quantity
from sanwei.quantities.services import add_quantity
from sanwei.teams.models import Membership

from .pillars import DemoContext, split_weighted

LEAFLETS = ("森林防火承诺书", Decimal(2000), "份")
WATER_ITEM, WATER_UNIT = "饮用水", "吨"
WATER_ON_SERVICES = 5616
# (what was needed, what was done, tonnes, day it was registered)
WATER_NEEDS = [
    ("天旱水井干了，家里缺生活用水", "送水车送饮用水到户，灌满水窖", 180, dt.date(2022, 12, 5)),
    ("组里山塘见底，几户人家吃水困难", "协调送水车分三次送水到组", 132, dt.date(2022, 12, 12)),
    ("自来水停了，老人挑不动水", "志愿者每天送水上门，直到恢复供水", 120, dt.date(2022, 12, 20)),
]  # fmt: skip
assert WATER_ON_SERVICES + sum(n[2] for n in WATER_NEEDS) == 6048
THINGS_ITEM, THINGS_UNIT = "为群众办实事", "件"
THINGS_DONE = 318  # at scale 1.0: the seed's 300+
# Where things get done: these types, and volunteer services of these fields.
THINGS_TYPES = ("door_to_door", "visit_condolence")
THINGS_FIELDS = ("关爱老幼", "政策咨询", "村级治理", "走访慰问")


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _held(ctx: DemoContext, title_part: str) -> list[Activity]:
    return list(
        Activity.unscoped.filter(
            campaign=ctx.campaign,
            title__contains=title_part,
            starts_at__lt=_aware(ctx.today, 0),
        ).order_by("starts_at", "pk")
    )


def _service(ctx: DemoContext, title: str, day: dt.date, notes: str) -> Activity:
    """A town service of the squadron, when the build made none of this kind."""
    return Activity.unscoped.create(
        campaign=ctx.campaign,
        activity_type=ActivityType.objects.get(code="volunteer_service"),
        title=title,
        region=ctx.town,
        organising_team=ctx.teams.get("squadron"),
        starts_at=_aware(day, 9),
        ends_at=_aware(day, 12),
        place=ctx.town.name,
        notes=notes,
    )


def _split(total: int, parts: int) -> list[int]:
    """`total` in `parts` whole amounts, the first ones one more: 10 in 3 → 4, 3, 3."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _water_needs(ctx: DemoContext) -> list[tuple[Need, int]]:
    squads = ctx.teams.get("squads") or []
    made = []
    for n, (text, done, tonnes, day) in enumerate(WATER_NEEDS):
        if not squads:
            break
        squad = squads[(n * 5) % len(squads)]
        crew = [
            m.person
            for m in Membership.unscoped.filter(team=squad, ended_on__isnull=True)
            .select_related("person")
            .order_by("role", "person_id")
        ]
        if not crew:
            continue
        need = needs.register_need(
            user=SYSTEM, region=squad.region, description=text,
            category=NeedCategory.objects.get(code="daily_help"), urgency="urgent",
            source=NeedSource.VISIT,
        )  # fmt: skip
        needs.accept(need, user=SYSTEM)
        needs.dispatch(need, user=SYSTEM, team=squad)
        needs.start(need, user=SYSTEM)
        needs.resolve(need, user=SYSTEM, summary=done, hours={crew[0]: "3"})
        needs.close(need, user=SYSTEM)
        # Back to the drought: registered on `day`, resolved the next afternoon.
        registered, resolved = _aware(day, 9), _aware(day + dt.timedelta(days=1), 16)
        Need.unscoped.filter(pk=need.pk).update(
            created_at=registered,
            due_at=registered + needs.time_limit(need.urgency),
            dispatched_at=registered,
        )
        NeedEvent.unscoped.filter(need=need).update(at=resolved)
        NeedEvent.unscoped.filter(need=need, action="register").update(at=registered)
        NeedResolution.unscoped.filter(need=need).update(resolved_at=resolved)
        made.append((need, tonnes))
    return made


def _things_done(ctx: DemoContext) -> list[Quantity]:
    """The 实事 done, spread over the services held before today where they get done."""
    held = [
        a
        for a in Activity.unscoped.filter(
            campaign=ctx.campaign,
            main_session__isnull=True,
            starts_at__lt=_aware(ctx.today, 0),
            activity_type__code__in=(*THINGS_TYPES, "volunteer_service"),
        )
        .select_related("activity_type", "region")
        .order_by("starts_at", "pk")
        if a.activity_type.code in THINGS_TYPES or any(f in a.notes for f in THINGS_FIELDS)
    ]
    total = max(1, round(THINGS_DONE * ctx.scale))
    parts = split_weighted(total, [ctx.rng.uniform(1, 5) for _a in held])
    return [
        add_quantity(activity, user=SYSTEM, item=THINGS_ITEM, quantity=n, unit=THINGS_UNIT)
        for activity, n in zip(held, parts, strict=True)
        if n
    ]


def _date_records(records: list[Quantity]) -> None:
    """Each record dated when its service ended or its need was resolved (the story's
    time, not the build's)."""
    for record in records:
        owner = record.activity or record.need
        when = owner.ends_at if record.activity else owner.resolution.resolved_at
        Quantity.unscoped.filter(pk=record.pk).update(created_at=when)


def build(ctx: DemoContext) -> dict[str, int]:
    fire = _held(ctx, "入户发放防火承诺书") or [
        _service(
            ctx, "星火志愿服务队：森林防火宣传：入户发放防火承诺书", dt.date(2022, 11, 15),
            "服务领域：森林防火",
        )
    ]  # fmt: skip
    item, amount, unit = LEAFLETS
    records = [add_quantity(fire[0], user=SYSTEM, item=item, quantity=amount, unit=unit)]
    water_needs = _water_needs(ctx)
    on_services = 6048 - sum(tonnes for _need, tonnes in water_needs)
    for need, tonnes in water_needs:
        records.append(
            add_quantity(need, user=SYSTEM, item=WATER_ITEM, quantity=tonnes, unit=WATER_UNIT)
        )
    water = _held(ctx, "抗旱送水") or [
        _service(
            ctx, "星火志愿服务队：抗旱送水：为缺水农户送生活用水", dt.date(2022, 11, 8),
            "服务领域：抗旱救灾",
        )
    ]  # fmt: skip
    for activity, tonnes in zip(water, _split(on_services, len(water)), strict=True):
        if tonnes:
            records.append(
                add_quantity(
                    activity, user=SYSTEM, item=WATER_ITEM, quantity=tonnes, unit=WATER_UNIT
                )
            )
    records += _things_done(ctx)
    _date_records(records)
    return {"物资与成果记录": len(records)}
