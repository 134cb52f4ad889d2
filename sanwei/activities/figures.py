"""Activity figures per activity type, for a region's subtree and each child region: sessions
(场次), audience person-times (人次) and distinct persons. `reports.figures` reads this
module; nothing else counts activities for a report.

- A *session* is a main session with its sub-venues (主会场+分会场): a sub-venue counts toward
  its main session, under the main session's type, never as a session of its own. A region's
  subtree holds a session when any of its venues (the main session or a sub-venue) is there,
  so a county-wide training with sub-venues in three towns is 1 session of the county and 1
  of each of those towns.
- *Person-times* (人次) are the audience of every venue: head counts
  (`Activity.audience_headcount`) plus named audience attendances.
- *Persons* are the distinct named audience persons: one person at the main session and at a
  sub-venue, or at two sessions of the type, is one person.

Activities count by the local date (Asia/Shanghai) their venue starts, within the inclusive
`start`/`end` dates; by the venue's region; optionally only the campaign's. Two queries
(venues, then audience), each grouped by child region and, for the distinct counts of the
whole subtree, by type alone (UNION ALL). Reads through the unscoped managers: the caller
chooses the region."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import CharField, Count, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from sanwei.regions.models import Region
from sanwei.regions.services import child_prefix

from .models import Activity, Attendance, AttendanceRole

# The bucket of the whole subtree; other buckets are child paths (or the region's own path
# for activities held at the region itself).
TOTAL = ""


@dataclass
class TypeCounts:
    sessions: int = 0
    person_times: int = 0
    persons: int = 0


def day_bounds(
    start: dt.date | None, end: dt.date | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Inclusive local dates as [low, high) aware datetimes (None: open)."""
    tz = timezone.get_current_timezone()
    low = dt.datetime.combine(start, dt.time.min, tz) if start else None
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tz) if end else None
    return low, high


def venues(
    region: Region, *, campaign=None, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[Activity]:
    """The activities (main sessions and sub-venues) held in `region`'s subtree."""
    qs = Activity.unscoped.filter(region__path__startswith=region.path)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    low, high = day_bounds(start, end)
    if low:
        qs = qs.filter(starts_at__gte=low)
    if high:
        qs = qs.filter(starts_at__lt=high)
    return qs.order_by()


def by_bucket_and_type(qs: QuerySet, region: Region, prefix: str, **aggregates) -> list[tuple]:
    """`qs` grouped by (child path, session type) and by (TOTAL, session type), one query
    (`prefix`: the path from `qs`'s model to the activity)."""
    session_type = Coalesce(
        f"{prefix}main_session__activity_type__code", f"{prefix}activity_type__code"
    )

    def part(bucket):
        return (
            qs.annotate(bucket=bucket, type_code=session_type)
            .values_list("bucket", "type_code")
            .annotate(**aggregates)
            .order_by()
        )

    by_child = part(child_prefix(region, f"{prefix}region__path"))
    total = part(Value(TOTAL, output_field=CharField()))
    return list(by_child.union(total, all=True))


def activity_counts(
    region: Region, *, campaign=None, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, dict[str, TypeCounts]]:
    """{bucket: {session type code: TypeCounts}}: bucket `TOTAL` for `region`'s subtree, a
    child region's path for its subtree, `region.path` for activities held at `region`
    itself (while it has child regions). Types without activities are absent."""
    held = venues(region, campaign=campaign, start=start, end=end)
    result: dict[str, dict[str, TypeCounts]] = defaultdict(lambda: defaultdict(TypeCounts))
    rows = by_bucket_and_type(
        held,
        region,
        "",
        sessions=Count(Coalesce("main_session_id", "id"), distinct=True),
        headcount=Sum("audience_headcount"),
    )
    for bucket, type_code, sessions, headcount in rows:
        counts = result[bucket][type_code]
        counts.sessions += sessions
        counts.person_times += headcount or 0
    rows = by_bucket_and_type(
        _audience(held),
        region,
        "activity__",
        named=Count("pk"),
        persons=Count("person_id", distinct=True),
    )
    for bucket, type_code, named, persons in rows:
        counts = result[bucket][type_code]
        counts.person_times += named
        counts.persons += persons
    return {bucket: dict(types) for bucket, types in result.items()}


def _audience(held: QuerySet[Activity]) -> QuerySet[Attendance]:
    return Attendance.unscoped.filter(
        role=AttendanceRole.AUDIENCE, activity__in=held.values("pk")
    ).order_by()


def audience_persons(held: QuerySet[Activity], region: Region) -> list[tuple[str, str, int]]:
    """[(bucket, session type code, distinct named audience persons)] at the venues `held`
    (a `venues(region, …)` queryset), as `activity_counts` counts them. One query."""
    return by_bucket_and_type(
        _audience(held), region, "activity__", persons=Count("person_id", distinct=True)
    )


def sessions_by_day_and_pillar(
    region: Region, *, campaign=None, start: dt.date | None = None, end: dt.date | None = None
) -> dict[tuple[dt.date, str], int]:
    """{(local date, pillar): sessions} of the sessions held in `region`'s subtree (the same
    venues as `activity_counts`). A session counts once, on its main session's local date
    and under its main session's type's pillar, however many of its venues are here; so the
    days of a week add up to the week's sessions. One query."""
    held = venues(region, campaign=campaign, start=start, end=end)
    tz = timezone.get_current_timezone()
    rows = (
        held.annotate(
            day=TruncDate(Coalesce("main_session__starts_at", "starts_at"), tzinfo=tz),
            pillar=Coalesce("main_session__activity_type__pillar", "activity_type__pillar"),
        )
        .values_list("day", "pillar")
        .annotate(sessions=Count(Coalesce("main_session_id", "id"), distinct=True))
        .order_by()
    )
    return {(day, pillar): sessions for day, pillar, sessions in rows}
