"""Essay figures per region: collected, excellent, recommended upward (at least once),
for a region and each of its child regions (the shape of `coverage.engine`'s rows).
Reads through the unscoped managers: the caller chooses the region (the figures issue
reads this module)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef

from sanwei.activities.figures import day_bounds
from sanwei.regions.models import Region

from .models import Essay, Recommendation


@dataclass
class EssayCounts:
    region: Region
    collected: int = 0
    excellent: int = 0
    recommended: int = 0


@dataclass
class EssayFigures:
    total: EssayCounts
    children: list[EssayCounts] = field(default_factory=list)


def essay_figures(
    region: Region,
    *,
    campaign=None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> EssayFigures:
    """The counts of `region`'s subtree, and of each child region's subtree (by path); with
    `start`/`end`, only the essays submitted on those local dates (inclusive)."""
    essays = Essay.unscoped.filter(region__path__startswith=region.path)
    if campaign is not None:
        essays = essays.filter(campaign=campaign)
    low, high = day_bounds(start, end)
    if low:
        essays = essays.filter(submitted_at__gte=low)
    if high:
        essays = essays.filter(submitted_at__lt=high)
    recommended = Exists(Recommendation.unscoped.filter(essay=OuterRef("pk")))
    rows = essays.annotate(rec=recommended).values("region__path", "is_excellent", "rec")
    children = list(Region.unscoped.filter(parent=region).order_by("path"))
    total = EssayCounts(region)
    by_child = {c.path: EssayCounts(c) for c in children}
    for row in rows.annotate(n=Count("pk")).order_by():
        targets = [total]
        targets += [c for p, c in by_child.items() if row["region__path"].startswith(p)]
        for counts in targets:
            counts.collected += row["n"]
            counts.excellent += row["n"] if row["is_excellent"] else 0
            counts.recommended += row["n"] if row["rec"] else 0
    return EssayFigures(total=total, children=list(by_child.values()))


__all__ = ["EssayCounts", "EssayFigures", "essay_figures"]
