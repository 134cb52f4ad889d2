"""送学 demo data: gap tasks for hard-to-reach residents not yet reached, in a few
villages, most done by the demo's today (2023-01-10; each with its delivery and
materials), a few open, some of those overdue — the overdue lists read the real date, so
the few open ones are all they show; the first village's `volunteer` and `leader` logins
hold some, so "我的送学任务" is not empty for them. The town's earlier deliveries (planned
by the builder) get their details (method from their mode)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from sanwei.activities.models import Activity
from sanwei.classroom.models import Material
from sanwei.coverage.engine import reached_person_ids
from sanwei.coverage.gaps import reasons
from sanwei.outreach import services
from sanwei.outreach.models import DeliveryDetail, DeliveryMethod, DeliveryTask
from sanwei.people.models import Person

from .pillars import DemoContext

# Share of tasks done in the villages given tasks, in this order: the first village (the
# story: its volunteer and team leader), the second (its secretary), then three more by
# index, so some villages are ahead and others behind.
DONE_SHARES = (0.8, 0.85, 0.75, 0.9, 0.7)
MORE_VILLAGES = (3, 6, 10)
TASKS_PER_VILLAGE = 12  # at scale 1 (19,629 residents)


def _home(user):
    assignment = user.role_assignments.select_related("region").first() if user else None
    return assignment.region if assignment else None


def _plan(ctx: DemoContext) -> list[tuple]:
    """(village, assignees, creator, done share) for each village given tasks."""
    users = ctx.users
    town = users.get("town")
    plan = []
    first = [u for u in (users.get("volunteer"), users.get("leader")) if u is not None]
    if first and _home(first[0]) is not None:
        plan.append((_home(first[0]), first, users.get("secretary") or town))
    second = users.get("secretary2")
    if second is not None and _home(second) is not None:
        plan.append((_home(second), [second], second))
    taken = {village.pk for village, _a, _c in plan}
    if town is not None:
        for index in MORE_VILLAGES:
            if index < len(ctx.villages) and ctx.villages[index].pk not in taken:
                plan.append((ctx.villages[index], [town], town))
    return [(*row, share) for row, share in zip(plan, DONE_SHARES, strict=False)]


def _details_for_planned_deliveries() -> int:
    """The builder's delivery activities get their DeliveryDetail (method from mode)."""
    planned = Activity.unscoped.filter(
        activity_type__is_delivery=True, delivery_detail__isnull=True
    ).select_related("region")
    details = [
        DeliveryDetail(
            activity=a,
            method=DeliveryMethod.IN_PERSON if a.mode == "offline" else DeliveryMethod.WECHAT,
            delivered_by=None,
            delivered_at=a.starts_at,
        )
        for a in planned
    ]
    DeliveryDetail.unscoped.bulk_create(details)
    return len(details)


def _outcomes(n: int, first: int, done_share: float, rng) -> list[float]:
    """A roll per task (below `done_share`: done; below it + 0.15: overdue; else open):
    each of the `first` assignees keeps an open task ("我的送学任务" is not empty), then
    one task is overdue and one done; of all `n`, `done_share` are done (rounded, so the
    town's deliveries add up to the seed's 90+) and about 8% overdue, in random order: by
    the story's day most tasks are done, and the few left open are all the real date's
    overdue list shows."""
    done, late = max(1, round(done_share * n)), max(1, round(0.08 * n))
    fixed = [1.0] * first + [done_share + 0.01, 0.0]
    rest = [0.0] * (done - 1) + [done_share + 0.01] * (late - 1)
    rest += [1.0] * max(0, n - len(fixed) - len(rest))
    rng.shuffle(rest)
    return (fixed + rest)[:n]


def build(ctx: DemoContext) -> dict[str, int]:
    rng, campaign, today = ctx.rng, ctx.campaign, ctx.today
    made = {"tasks": 0, "done": 0, "overdue": 0}
    planned = _details_for_planned_deliveries()
    reached = reached_person_ids(campaign)
    per_village = max(6, round(TASKS_PER_VILLAGE * ctx.scale))
    start = dt.datetime.combine(
        campaign.starts_on, dt.time(9), tzinfo=timezone.get_current_timezone()
    )
    drawn_up = start + dt.timedelta(days=max(1, (today - campaign.starts_on).days - 45))
    for village, assignees, creator, done_share in _plan(ctx):
        materials = list(
            Material.unscoped.filter(Q(region=village) | Q(region=ctx.town)).order_by("pk")
        )
        hard = (
            Person.unscoped.filter(region__path__startswith=village.path)
            .hard_to_reach(today)
            .exclude(pk__in=reached)
            .select_related("region")
            .order_by("pk")
        )
        # The reasons shown on a task (70+, frail, mobility-impaired, away), not just 60+.
        hard = [p for p in hard if reasons(p, today)]
        chosen = rng.sample(hard, min(per_village, len(hard)))
        chosen.sort(key=lambda p: p.pk)
        outcomes = _outcomes(len(chosen), len(assignees), done_share, rng)
        for k, person in enumerate(chosen):
            assignee = assignees[k % len(assignees)]
            roll = outcomes[k]
            if roll < done_share:
                due_on = today - dt.timedelta(days=rng.randint(0, 20))
            elif roll < done_share + 0.15:
                due_on = today - dt.timedelta(days=rng.randint(1, 10))  # overdue
            else:
                due_on = today + dt.timedelta(days=rng.randint(2, 30))
            task = DeliveryTask.unscoped.create(
                campaign=campaign, person=person, assignee=assignee, due_on=due_on,
                created_by=creator,
            )  # fmt: skip
            made["tasks"] += 1
            # Drawn up from the gap list on one day of the story, before any was due or done.
            DeliveryTask.unscoped.filter(pk=task.pk).update(created_at=drawn_up)
            if roll < done_share:
                days = (today - campaign.starts_on).days
                delivered_at = start + dt.timedelta(
                    days=rng.randint(max(0, days - 40), max(0, days - 1)),
                    hours=rng.randint(0, 9),
                    minutes=rng.choice((0, 15, 30, 45)),
                )
                used = rng.sample(materials, min(len(materials), rng.randint(0, 2)))
                services.complete_task(
                    task,
                    method=rng.choice(DeliveryMethod.values),
                    delivered_at=delivered_at,
                    materials=used,
                    note="",
                    user=assignee,
                )
                DeliveryTask.unscoped.filter(pk=task.pk).update(done_at=delivered_at)
                made["done"] += 1
            elif due_on < today:
                made["overdue"] += 1
    return {
        "送学任务": made["tasks"],
        "已完成送学任务": made["done"],
        "逾期送学任务": made["overdue"],
        "送学记录详情": planned + made["done"],
    }
