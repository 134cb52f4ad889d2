"""Demo data of QR check-in: a few check-ins that matched nobody on the roster, on the
most recent mobile lecture of the first village (东岳观村, the demo secretary's), waiting
for its secretary ("待确认签到")."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sanwei.activities.models import Activity, Pillar
from sanwei.checkin.models import UnverifiedCheckin
from sanwei.regions.models import Region

from .pillars import DemoContext

VISITORS = ("陈丽华", "刘海波", "周晓燕", "杨志强", "黄美玲")


def _phone(ctx: DemoContext) -> str:
    return ctx.rng.choice(("135", "137", "150", "158", "188")) + "".join(
        str(ctx.rng.randrange(10)) for _ in range(8)
    )


def build(ctx: DemoContext) -> dict[str, int]:
    from .builder import FIRST_VILLAGE_CODE  # the story's village (its secretary's)

    village = next((v for v in ctx.villages if v.code == FIRST_VILLAGE_CODE), ctx.villages[0])
    before = timezone.make_aware(dt.datetime.combine(ctx.today, dt.time(23, 59)))
    in_village = Activity.unscoped.filter(
        region__path__startswith=village.path, activity_type__is_delivery=False
    ).order_by("-starts_at", "-id")
    held = in_village.filter(starts_at__lte=before)
    # The most recent mobile lecture held; a small demo may have none: then the most
    # recent 微课堂 activity held, or any activity of the village.
    lecture = (
        held.filter(activity_type__code="mobile_lecture").first()
        or held.filter(activity_type__pillar=Pillar.CLASSROOM).first()
        or held.first()
        or in_village.first()
    )
    if lecture is None:
        return {}
    # Two visitors nobody knows, and one resident who typed a new phone number while
    # sharing the name with another resident (staff merge her: the page lists both).
    names = ctx.rng.sample(VISITORS, 2)
    regions = set(
        Region.unscoped.filter(path__startswith=village.path).values_list("pk", flat=True)
    )
    by_name: dict[str, int] = {}
    for person in (p for p in ctx.persons if p.region_id in regions):
        by_name[person.name] = by_name.get(person.name, 0) + 1
    shared = sorted(name for name, n in by_name.items() if n > 1)
    if shared:
        names.append(ctx.rng.choice(shared))
    made = []
    for k, name in enumerate(names):
        checkin = UnverifiedCheckin.unscoped.create(activity=lecture, name=name, phone=_phone(ctx))
        made.append((checkin.pk, lecture.starts_at + dt.timedelta(minutes=3 + 4 * k)))
    for pk, at in made:  # as if they had checked in at the lecture
        UnverifiedCheckin.unscoped.filter(pk=pk).update(created_at=at)
    return {"待确认签到": len(made)}
