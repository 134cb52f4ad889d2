"""Figures of the opinion loop per region, in one place (the figures issue reads this
module): how many opinions were collected, answered, answered on time and adopted, in a
region's subtree and per child region (like `coverage.engine`).

- collected: opinions raised in the subtree (in the period by `raised_on`, of the campaign);
- answered: those with an answer (state answered or later; a reopened one counts again
  once re-answered); reply rate = answered / collected;
- on time: answered, with a due date, and the answer's local date (Asia/Shanghai) on or
  before it; on-time rate = on time / answered with a due date (an opinion a town admin
  answered straight away, never assigned, has no due date to keep);
- adopted: decided adopted or partly adopted; adoption rate = adopted / decided;
- overdue: not answered (received or assigned) and due before today.

One grouped query; rolled up to the children in Python. Callers decide who may see the
region; this module reads through the unscoped manager and is given the region."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import permission_scope
from sanwei.regions.models import Region

from .models import Decision, Opinion, OpinionState
from .permissions import VIEW_OPINIONS

FIGURES = ("collected", "answered", "due_answered", "on_time", "decided", "adopted", "overdue")


@dataclass(frozen=True)
class Period:
    """Inclusive local dates; an opinion counts by the day it was raised."""

    start: dt.date | None = None
    end: dt.date | None = None


def _percent(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


@dataclass
class OpinionRates:
    """The loop's figures of one region's subtree. `region` None: the opinions recorded
    directly at the parent while it has child regions (shown as "未分到下级区划")."""

    region: Region | None
    collected: int = 0
    answered: int = 0
    due_answered: int = 0
    on_time: int = 0
    decided: int = 0
    adopted: int = 0
    overdue: int = 0
    children: list[OpinionRates] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.region.name if self.region else _("未分到下级区划")

    @property
    def code(self) -> str | None:
        return self.region.code if self.region else None

    @property
    def reply_rate(self) -> float | None:
        return _percent(self.answered, self.collected)

    @property
    def on_time_rate(self) -> float | None:
        return _percent(self.on_time, self.due_answered)

    @property
    def adoption_rate(self) -> float | None:
        return _percent(self.adopted, self.decided)


def top_region(user) -> Region | None:
    """The caller's topmost region where they see opinions (scoped: inside a request)."""
    scope = permission_scope(user, VIEW_OPINIONS)
    regions = Region.objects.order_by("level", "path")
    if scope is not None:
        regions = regions.filter(path__under=scope)
    return regions.first()


def opinions_in(region: Region, *, campaign=None, period: Period | None = None):
    qs = Opinion.unscoped.filter(region__path__startswith=region.path)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if period is not None and period.start:
        qs = qs.filter(raised_on__gte=period.start)
    if period is not None and period.end:
        qs = qs.filter(raised_on__lte=period.end)
    return qs


def opinion_rates(
    region: Region,
    *,
    campaign=None,
    period: Period | None = None,
    depth: int = 1,
    today: dt.date | None = None,
) -> OpinionRates:
    """The figures of `region`'s subtree with its child regions down `depth` levels."""
    today = today or timezone.localdate()
    answered = Q(answered_at__isnull=False)
    due_answered = answered & Q(due_on__isnull=False)
    rows = (
        opinions_in(region, campaign=campaign, period=period)
        .order_by()
        .annotate(answered_on=TruncDate("answered_at", tzinfo=timezone.get_current_timezone()))
        .values_list("region__path")
        .annotate(
            collected=Count("pk"),
            answered=Count("pk", filter=answered),
            due_answered=Count("pk", filter=due_answered),
            on_time=Count("pk", filter=due_answered & Q(answered_on__lte=F("due_on"))),
            decided=Count("pk", filter=~Q(decision="")),
            adopted=Count("pk", filter=Q(decision__in=[Decision.ADOPTED, Decision.PARTLY_ADOPTED])),
            overdue=Count(
                "pk",
                filter=Q(
                    state__in=[OpinionState.RECEIVED, OpinionState.ASSIGNED], due_on__lt=today
                ),
            ),
        )
    )
    by_path: dict[str, list[int]] = defaultdict(lambda: [0] * len(FIGURES))
    for path, *values in rows:
        by_path[path] = [a + b for a, b in zip(by_path[path], values, strict=True)]
    return _build(region, dict(by_path), depth)


def _build(
    region: Region | None, rows: dict[str, list[int]], depth: int, *, path: str | None = None
) -> OpinionRates:
    path = region.path if region else path
    own = [0] * len(FIGURES)
    for p, values in rows.items():
        if p.startswith(path):
            own = [a + b for a, b in zip(own, values, strict=True)]
    result = OpinionRates(region, **dict(zip(FIGURES, own, strict=True)))
    if depth > 0 and region is not None:
        children = list(Region.unscoped.filter(parent=region).order_by("code"))
        if children:
            result.children = [
                _build(
                    child, {p: v for p, v in rows.items() if p.startswith(child.path)}, depth - 1
                )
                for child in children
            ]
            direct = {p: v for p, v in rows.items() if p == region.path}
            if any(any(v) for v in direct.values()):
                result.children.append(_build(None, direct, 0, path=region.path))
    return result
