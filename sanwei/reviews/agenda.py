"""A review's agenda, computed from the needs of its region (the region and everything
under it), never stored. `agenda(review)` is the one place: the review page, the printed
.docx (`documents.py`) and the API all show what it returns.

- **By category and state**: the needs registered in the period (local dates, both ends
  included), counted per category (rows, the categories' order) and current state
  (columns: the states that occur, in the loop's order), with totals.
- **Overdue**: needs still open (reported, accepted, dispatched, in progress) past their
  time limit at `as_of` (now), registered up to the period's end, earlier periods
  included: an overdue need left over from last month is still on the table.
- **Low ratings**: needs rated 1 or 2 stars (`LOW_RATING`) during the period.
- **Repeat problems** among the period's needs: the same household with more than one
  need; the same category more than once in the same village (its 组 included). A
  repeat in one place is named after the 组 when all its needs are in that 组, else after
  the village.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from sanwei.needs.models import Need, NeedCategory, NeedState
from sanwei.needs.services import OPEN_STATES
from sanwei.regions.models import PATH_LENGTH, Region, RegionLevel

from .models import Review

LOW_RATING = 2


@dataclass(frozen=True)
class CategoryRow:
    category: NeedCategory
    counts: list[int]  # per column of `Agenda.states`
    total: int


@dataclass(frozen=True)
class Repeat:
    kind: str  # "household" or "place"
    label: str  # who or where, and for a place the category
    needs: list[Need]


@dataclass
class Agenda:
    review: Review
    as_of: dt.datetime
    needs: list[Need]  # the period's needs, oldest first
    states: list[str] = field(default_factory=list)
    rows: list[CategoryRow] = field(default_factory=list)
    state_totals: list[int] = field(default_factory=list)
    overdue: list[Need] = field(default_factory=list)
    low_rated: list[Need] = field(default_factory=list)
    repeats: list[Repeat] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.needs)

    def state_labels(self) -> list[str]:
        return [str(NeedState(s).label) for s in self.states]

    def counts(self) -> dict[tuple[str, str], int]:
        """(category code, state) → count, nonzero cells only: what the tests read."""
        return {
            (row.category.code, state): n
            for row in self.rows
            for state, n in zip(self.states, row.counts, strict=True)
            if n
        }


def local_day_range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00) in the site's time zone (Beijing)."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tz),
    )


def _needs_of(review: Review):
    return Need.unscoped.filter(region__path__startswith=review.region.path).select_related(
        "region", "category", "household", "household__region"
    )


def _village_path(region: Region) -> str:
    return region.path[: PATH_LENGTH[RegionLevel.VILLAGE]]


def _place_repeats(needs: list[Need]) -> list[Repeat]:
    groups: dict[tuple[str, int], list[Need]] = defaultdict(list)
    for need in needs:
        groups[(_village_path(need.region), need.category_id)].append(need)
    repeated = {key: group for key, group in groups.items() if len(group) > 1}
    villages = {r.path: r for r in Region.unscoped.filter(path__in={path for path, _c in repeated})}
    repeats = []
    for (path, _category), group in sorted(
        repeated.items(),
        key=lambda item: (item[0][0], item[1][0].category.sort_order, item[1][0].category.code),
    ):
        regions = {n.region_id for n in group}
        if len(regions) == 1:
            place = group[0].region.name
            village = villages.get(path)
            if village is not None and village.pk != group[0].region_id:
                place = f"{village.name}{place}"
        else:
            place = villages[path].name if path in villages else group[0].region.name
        repeats.append(
            Repeat(
                kind="place",
                label=_("%(place)s · %(category)s") % {
                    "place": place, "category": group[0].category.name
                },
                needs=group,
            )
        )  # fmt: skip
    return repeats


def _household_repeats(needs: list[Need]) -> list[Repeat]:
    from sanwei.people.forms import household_label

    groups: dict[int, list[Need]] = defaultdict(list)
    for need in needs:
        if need.household_id is not None:
            groups[need.household_id].append(need)
    return [
        Repeat(kind="household", label=household_label(group[0].household), needs=group)
        for _pk, group in sorted(
            groups.items(), key=lambda item: (item[1][0].household.region.path, item[0])
        )
        if len(group) > 1
    ]


def agenda(review: Review, *, as_of: dt.datetime | None = None) -> Agenda:
    """The review's agenda from the needs as they are now (see the module's docstring)."""
    as_of = as_of or timezone.now()
    start, end = local_day_range(review.period_start, review.period_end)
    in_period = list(
        _needs_of(review)
        .filter(created_at__gte=start, created_at__lt=end)
        .order_by("created_at", "pk")
    )
    result = Agenda(review=review, as_of=as_of, needs=in_period)

    present = {n.state for n in in_period}
    result.states = [s for s in NeedState.values if s in present]
    by_cell: dict[tuple[int, str], int] = defaultdict(int)
    categories: dict[int, NeedCategory] = {}
    for need in in_period:
        by_cell[(need.category_id, need.state)] += 1
        categories[need.category_id] = need.category
    for category in sorted(categories.values(), key=lambda c: (c.sort_order, c.code)):
        counts = [by_cell[(category.pk, s)] for s in result.states]
        result.rows.append(CategoryRow(category=category, counts=counts, total=sum(counts)))
    result.state_totals = [sum(by_cell[(c, s)] for c in categories) for s in result.states]

    result.overdue = list(
        _needs_of(review)
        .filter(state__in=OPEN_STATES, due_at__lt=as_of, created_at__lt=end)
        .order_by("due_at", "pk")
    )
    result.low_rated = list(
        _needs_of(review)
        .filter(rating__lte=LOW_RATING, rated_at__gte=start, rated_at__lt=end)
        .order_by("rated_at", "pk")
    )
    result.repeats = _household_repeats(in_period) + _place_repeats(in_period)
    return result
