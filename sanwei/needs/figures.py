"""Figures of the needs loop per region, in one place (`reports.figures` reads this module):

- reported: needs registered in the period (local date of `created_at`);
- resolved: needs whose resolution (`NeedResolution.resolved_at`) falls in the period;
- on time: of those, the ones with a time limit (`due_at`) resolved by it; the on-time rate
  is on time / resolved with a time limit (`due_resolved`);
- rated, and the average rating: needs rated (`rated_at`) in the period, and their ratings'
  sum (the average is sum / rated, one decimal).

Needs count in the region they were registered in. One query grouped by child region
(`regions.services.child_prefix`); every figure adds up, so the subtree's figure is the sum
of its buckets. Reads through the unscoped manager: the caller chooses the region."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from django.db.models import Count, F, Q, Sum

from sanwei.activities.figures import day_bounds
from sanwei.regions.models import Region
from sanwei.regions.services import child_prefix

from .models import Need


@dataclass
class NeedCounts:
    reported: int = 0
    resolved: int = 0
    due_resolved: int = 0
    on_time: int = 0
    rated: int = 0
    rating_sum: int = 0

    @property
    def average_rating(self) -> float | None:
        return round(self.rating_sum / self.rated, 1) if self.rated else None

    @property
    def on_time_rate(self) -> float | None:
        return round(self.on_time * 100 / self.due_resolved, 1) if self.due_resolved else None

    def add(self, other: NeedCounts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def _within(field: str, start: dt.date | None, end: dt.date | None) -> Q:
    low, high = day_bounds(start, end)
    q = Q(**{f"{field}__isnull": False})
    if low:
        q &= Q(**{f"{field}__gte": low})
    if high:
        q &= Q(**{f"{field}__lt": high})
    return q


def need_counts(
    region: Region, *, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, NeedCounts]:
    """{bucket: NeedCounts}: a child region's path for its subtree, `region.path` for needs
    registered at `region` itself. Buckets without needs are absent."""
    reported = _within("created_at", start, end)
    resolved = _within("resolution__resolved_at", start, end)
    due_resolved = resolved & Q(due_at__isnull=False)
    rated = _within("rated_at", start, end) & Q(rating__isnull=False)
    rows = (
        Need.unscoped.filter(region__path__startswith=region.path)
        .filter(reported | resolved | rated)
        .order_by()
        .annotate(bucket=child_prefix(region))
        .values_list("bucket")
        .annotate(
            reported=Count("pk", filter=reported),
            resolved=Count("pk", filter=resolved),
            due_resolved=Count("pk", filter=due_resolved),
            on_time=Count("pk", filter=due_resolved & Q(resolution__resolved_at__lte=F("due_at"))),
            rated=Count("pk", filter=rated),
            rating_sum=Sum("rating", filter=rated),
        )
    )
    return {
        bucket: NeedCounts(reported, resolved, due, on_time, n_rated, rating_sum or 0)
        for bucket, reported, resolved, due, on_time, n_rated, rating_sum in rows
    }
