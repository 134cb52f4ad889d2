"""Volunteer hours and star levels (issue 10 part 3).

A volunteer's hours are their confirmed volunteer attendance hours (an organiser confirmed
them: `Attendance.confirmed_at`; unconfirmed ones never count) plus their hours from
resolved needs (`needs.services.resolved_hours`). The star level follows from the
cumulative hours and `settings.VOLUNTEER_STAR_THRESHOLDS` (100/300/600/1000/1500 hours by
default). Everything here reads through the unscoped managers: callers choose the region."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from sanwei.activities.models import Attendance, AttendanceRole
from sanwei.core.db import CompiledQuery
from sanwei.needs.models import NeedHours
from sanwei.needs.services import need_hours_rows, resolved_hours
from sanwei.people.models import Person
from sanwei.regions.models import Region
from sanwei.regions.services import child_prefix
from sanwei.teams.models import Membership, TeamKind

from .models import VolunteerProfile

Period = tuple[dt.date | None, dt.date | None]


def thresholds() -> tuple[int, ...]:
    return tuple(settings.VOLUNTEER_STAR_THRESHOLDS)


def star_level(hours: Decimal | int | float) -> int:
    """0 to 5: the number of thresholds `hours` has reached."""
    hours = hours if isinstance(hours, Decimal) else Decimal(str(hours))
    return sum(1 for t in thresholds() if hours >= t)


def next_threshold(hours: Decimal) -> int | None:
    """The hours of the next star level, None at the top."""
    return next((t for t in thresholds() if hours < t), None)


def _day_bounds(period: Period):
    tz = timezone.get_current_timezone()
    start, end = period
    low = dt.datetime.combine(start, dt.time.min, tz) if start else None
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tz) if end else None
    return low, high


def confirmed_attendances(person_ids=None, region=None, period: Period | None = None):
    """The confirmed volunteer attendances (of `person_ids`, at activities inside `region`,
    starting within `period`, local dates inclusive)."""
    rows = Attendance.unscoped.filter(role=AttendanceRole.VOLUNTEER, confirmed_at__isnull=False)
    if person_ids is not None:
        if isinstance(person_ids, QuerySet):
            rows = rows.filter(person_id__in=person_ids)
        else:
            rows = rows.filter(person_id__any_of=list(person_ids))
    if region is not None:
        rows = rows.filter(activity__region__path__startswith=getattr(region, "path", region))
    if period is not None:
        low, high = _day_bounds(period)
        if low:
            rows = rows.filter(activity__starts_at__gte=low)
        if high:
            rows = rows.filter(activity__starts_at__lt=high)
    return rows


def attendance_hours(person_ids=None, region=None, period: Period | None = None) -> dict:
    rows = confirmed_attendances(person_ids, region, period).order_by().values("person_id")
    return {p: h for p, h in rows.annotate(h=Sum("hours")).values_list("person_id", "h")}


def need_hours(person_ids=None, region=None, period: Period | None = None) -> dict:
    return resolved_hours(person_ids=person_ids, region=region, period=period)


def total_hours(person_ids=None, period: Period | None = None) -> dict[int, Decimal]:
    """person id → confirmed attendance hours + resolved need hours (wherever served), of
    `person_ids` (None: of everyone)."""
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for part in (attendance_hours(person_ids, None, period), need_hours(person_ids, None, period)):
        for person_id, hours in part.items():
            totals[person_id] += hours or Decimal(0)
    return dict(totals)


@dataclass
class Standing:
    profile: VolunteerProfile
    hours: Decimal
    stars: int
    rank: int = 0


def standings(profiles: Iterable[VolunteerProfile], period: Period | None = None) -> list[Standing]:
    """The profiles with their hours and stars, most hours first (then by number), ranked
    1, 2, 3 …; equal hours share a rank (1, 2, 2, 4)."""
    profiles = list(profiles)
    totals = total_hours([p.person_id for p in profiles], period)
    rows = [
        Standing(p, totals.get(p.person_id, Decimal(0)), star_level(totals.get(p.person_id, 0)))
        for p in profiles
    ]
    rows.sort(key=lambda r: (-r.hours, r.profile.number))
    for i, row in enumerate(rows):
        row.rank = rows[i - 1].rank if i and rows[i - 1].hours == row.hours else i + 1
    return rows


def profiles_in(region=None, squad=None):
    """Active volunteers of a region's subtree, or of a squad (open memberships)."""
    rows = VolunteerProfile.unscoped.select_related("person", "person__region")
    rows = rows.filter(left_on__isnull=True)
    if region is not None:
        rows = rows.filter(person__region__path__startswith=getattr(region, "path", region))
    if squad is not None:
        members = Membership.unscoped.filter(
            team=squad, team__kind=TeamKind.SQUAD, ended_on__isnull=True
        ).values("person_id")
        rows = rows.filter(person_id__in=members)
    return rows


RANKING_ROWS = 200
MANY_VOLUNTEERS = 500


@dataclass
class RankingPage:
    rows: list[Standing]  # the first `limit` of the ranking (all with limit=None)
    new_levels: list[Standing]  # this month's new levels among all ranked, in rank order


def month_start(today: dt.date | None = None) -> dt.datetime:
    """The first moment (local time) of the month of `today` (default: today)."""
    today = today or timezone.localdate()
    return dt.datetime.combine(today.replace(day=1), dt.time.min, timezone.get_current_timezone())


def ranking_page(
    region=None,
    squad=None,
    *,
    within=None,
    limit: int | None = RANKING_ROWS,
    today: dt.date | None = None,
) -> RankingPage:
    """The hours ranking of a region's subtree or a squad as its page shows it: the first
    `limit` ranked (most hours first, then by number; equal hours share a rank: 1, 2, 2,
    4) and who reached a new star level this month (their level now is above their level
    at the end of last month). `within`: a queryset of the profiles the caller may see.

    Built for a county's thousands of volunteers: their hours in all and since the month
    began come from four grouped queries (`total_hours`), ranked in Python on plain tuples;
    only the profiles shown are loaded (bench/service_bench.py)."""
    profiles = profiles_in(region, squad)
    if within is not None:
        profiles = profiles.filter(pk__in=within)
    people = list(profiles.order_by().values_list("pk", "person_id", "number"))
    if not people:
        return RankingPage([], [])
    ids = [person_id for _, person_id, _ in people]
    # Past a few hundred volunteers one pass over everyone's hours beats an index probe
    # per volunteer (a county: 4,000 of them, 200,000 attendances).
    totals = total_hours(ids if len(ids) <= MANY_VOLUNTEERS else None)
    # Everyone's hours since the month began (a month of a county's service is a few
    # thousand rows, read through the activities' start index), picked per volunteer below.
    this_month = total_hours(None, (month_start(today).date(), None))
    ranked = sorted(
        (
            (totals.get(person_id, Decimal(0)), number, pk, person_id)
            for pk, person_id, number in people
        ),
        key=lambda r: (-r[0], r[1]),
    )
    rows, new, rank = [], [], 0
    for i, (total, _, pk, person_id) in enumerate(ranked):
        if not i or total != ranked[i - 1][0]:
            rank = i + 1
        stars = star_level(total)
        if limit is None or i < limit:
            rows.append((pk, total, stars, rank))
        if stars > star_level(total - this_month.get(person_id, 0)):
            new.append((pk, total, stars, rank))
    shown = VolunteerProfile.unscoped.select_related("person", "person__region").in_bulk(
        {pk for pk, *_ in rows + new}
    )
    return RankingPage(
        [Standing(shown[pk], total, stars, rank) for pk, total, stars, rank in rows],
        [Standing(shown[pk], total, stars, rank) for pk, total, stars, rank in new],
    )


def ranking(region=None, squad=None) -> list[Standing]:
    """The whole hours ranking of a squad, a village or a town (any region's subtree)."""
    return ranking_page(region, squad, limit=None).rows


def new_levels_this_month(region=None, today: dt.date | None = None) -> list[Standing]:
    """Volunteers whose star level now is above their level at the end of last month."""
    return ranking_page(region, limit=0, today=today).new_levels


# --------------------------------------------------------------- figures per region
# `reports.figures` reads these; each is grouped by child region
# (`regions.services.child_prefix`): {bucket: figure}, a child's path for its subtree and
# the region's own path for what is registered at the region itself. Every figure adds up.


def hours_by_region(
    region: Region, period: Period | None = None, *, campaign=None
) -> dict[str, Decimal]:
    """Hours served in `region`'s subtree: confirmed volunteer attendance hours at activities
    held there (only the campaign's activities, when given), plus need hours of needs
    registered there, resolved within `period`. Two queries."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    attendance = confirmed_attendances(region=region, period=period)
    if campaign is not None:
        attendance = attendance.filter(activity__campaign=campaign)
    needs = need_hours_rows(region=region, period=period)
    for rows, path in (
        (attendance, "activity__region__path"),
        (needs, "resolution__need__region__path"),
    ):
        grouped = (
            rows.order_by()
            .annotate(bucket=child_prefix(region, path))
            .values_list("bucket")
            .annotate(h=Sum("hours"))
        )
        for bucket, hours in grouped:
            totals[bucket] += hours or Decimal(0)
    return dict(totals)


@dataclass
class VolunteerCounts:
    registered: int = 0  # still serving (not left)
    active: int = 0  # of those, served within the period (confirmed service or need hours)


def volunteers_by_region(
    region: Region, period: Period | None = None
) -> dict[str, VolunteerCounts]:
    """Registered volunteers of `region`'s subtree (by the person's region) still serving, and
    the active ones among them: with a confirmed volunteer attendance at an activity starting
    within `period`, or need hours of a need resolved within it (anywhere). One query."""
    served = Q(
        Exists(confirmed_attendances(period=period).filter(person_id=OuterRef("person_id")))
    ) | Q(Exists(need_hours_rows(period=period).filter(person_id=OuterRef("person_id"))))
    rows = (
        profiles_in(region)
        .select_related(None)
        .order_by()
        .annotate(bucket=child_prefix(region, "person__region__path"))
        .values_list("bucket")
        .annotate(registered=Count("pk"), active=Count("pk", filter=served))
    )
    return {bucket: VolunteerCounts(registered, active) for bucket, registered, active in rows}


def stars_by_region(region: Region, until: dt.date | None = None) -> dict[str, list[int]]:
    """Registered volunteers of `region`'s subtree still serving, by star level: {bucket:
    [volunteers with 0 stars, 1 star, … 5 stars]}, the level of their cumulative hours
    (`total_hours`, wherever served) up to the local date `until` (None: all). Three
    queries."""
    profiles = profiles_in(region).select_related(None).order_by()
    buckets = dict(
        profiles.annotate(bucket=child_prefix(region, "person__region__path")).values_list(
            "person_id", "bucket"
        )
    )
    ids = profiles.values("person_id")
    period = (None, until) if until else None
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for rows in (confirmed_attendances(period=period), need_hours_rows(period=period)):
        grouped = rows.filter(person_id__in=ids).order_by().values("person_id")
        for person_id, hours in grouped.annotate(h=Sum("hours")).values_list("person_id", "h"):
            totals[person_id] += hours or Decimal(0)
    levels = len(thresholds()) + 1
    result: dict[str, list[int]] = defaultdict(lambda: [0] * levels)
    for person_id, bucket in buckets.items():
        result[bucket][star_level(totals.get(person_id, 0))] += 1
    return dict(result)


@dataclass
class HistoryItem:
    day: dt.date
    what: str
    place: str
    hours: Decimal
    kind: str  # "activity" or "need"


def history(profile: VolunteerProfile) -> list[HistoryItem]:
    """The confirmed services of one volunteer, newest first: activities and needs."""
    items = [
        HistoryItem(
            timezone.localdate(a.activity.starts_at),
            a.activity.title,
            a.activity.region.name,
            a.hours,
            "activity",
        )
        for a in confirmed_attendances([profile.person_id]).select_related(
            "activity", "activity__region"
        )
    ]
    items += need_history(profile)
    items.sort(key=lambda i: (i.day, i.what), reverse=True)
    return items


def need_history(profile: VolunteerProfile) -> list[HistoryItem]:
    rows = NeedHours.unscoped.filter(person_id=profile.person_id).select_related(
        "resolution", "resolution__need", "resolution__need__region"
    )
    return [
        HistoryItem(
            timezone.localdate(r.resolution.resolved_at),
            str(r.resolution.need),
            r.resolution.need.region.name,
            r.hours,
            "need",
        )
        for r in rows
    ]


@dataclass
class Summary:
    attendance_hours: Decimal
    need_hours: Decimal
    hours: Decimal
    stars: int
    next_threshold: int | None


def _sum_per_person(rows) -> Subquery:
    """The sum of `rows`' hours of the outer query's person."""
    one = rows.filter(person_id=OuterRef("pk")).order_by().values("person_id")
    return Subquery(one.annotate(total=Sum("hours")).values("total"))


# A volunteer's hours as one query, compiled once (`core.db.CompiledQuery`): the page and the
# API ask it on every visit, and its SQL costs less than building it.
_HOURS_OF = CompiledQuery(
    lambda person_id: (
        Person.unscoped.filter(pk=person_id)
        .annotate(a=_sum_per_person(confirmed_attendances()), n=_sum_per_person(need_hours_rows()))
        .order_by()
        .values_list("a", "n")
    )
)


def summary(profile: VolunteerProfile) -> Summary:
    """One volunteer's hours (confirmed attendance and resolved needs) and stars."""
    ((a, n),) = _HOURS_OF.rows(profile.person_id)
    a, n = a or Decimal(0), n or Decimal(0)
    total = a + n
    return Summary(a, n, total, star_level(total), next_threshold(total))
