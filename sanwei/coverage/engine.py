"""The coverage engine: who a campaign has reached, in any region's subtree, in one place.

A person is *reached* by a campaign when they attended, as audience, an activity of the
campaign in the 微课堂 pillar: a training, a lesson, a lecture, a performance, or a delivery
(送学, an activity of a delivery type with the person as its audience). Attending several
activities, or a main session and its sub-venue, still counts the person once. Head counts
(`Activity.audience_headcount`) name nobody, so they reach nobody by name; they count only as
人次 (person-times).

A *household* counts in a region when one of its current members is registered in that
region's subtree (households with nobody registered there are not counted: there is nobody
there to reach), and is reached there when one of those members is: a household whose
members live in two 组 counts in each 组 and once in their village. Persons count in the
region they are registered in now, so a person who moved household counts for the new one.

Without a period the figures are read from counts per region path that database triggers
keep true on every write (`coverage.summary`): `RegionCount` (persons, party members and
households, registered and reached by each campaign, under each path and exactly at it)
and, for 人次, the head counts of the activities with their named audience
(`ActivityAudience`): two small queries, whatever the size of the region. With a period
they are counted from the persons and the attendance itself (grouped by region path in one
query, households distinct under each path asked for). Pages, the API, the gap list and the
figures all read this module; nothing else recomputes coverage.

Callers decide who may see a region; the engine reads through the unscoped managers and is
given the region explicitly.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from sanwei.activities.models import Activity, Attendance, AttendanceRole, Campaign, Pillar
from sanwei.people.models import PartyStatus, Person
from sanwei.regions.models import Region

from .models import RESIDENTS, CampaignReach, RegionCount

REACHING_PILLAR = Pillar.CLASSROOM


@dataclass(frozen=True)
class Period:
    """Inclusive local dates (Asia/Shanghai); an activity counts by the day it starts."""

    start: dt.date | None = None
    end: dt.date | None = None

    def bounds(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tz) if self.start else None
        end = (
            dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tz)
            if self.end
            else None
        )
        return start, end


@dataclass(frozen=True)
class Figure:
    """`reached` of `total`, against a target percentage."""

    reached: int
    total: int
    target: int | None = None

    @property
    def percent(self) -> float | None:
        """Per cent reached, one decimal; None when there is nobody to reach."""
        if not self.total:
            return None
        return round(self.reached * 100 / self.total, 1)

    @property
    def missing(self) -> int:
        return self.total - self.reached

    @property
    def met(self) -> bool | None:
        """Whether the target is met (reached × 100 ≥ target × total, exactly)."""
        if self.target is None or not self.total:
            return None
        return self.reached * 100 >= self.target * self.total


@dataclass
class RegionCoverage:
    """Coverage of one region's subtree. `region` is None for the residents registered
    directly at the parent while it has child regions (shown as "未分到下级")."""

    region: Region | None
    persons: Figure
    party_members: Figure
    households: Figure
    audience_person_times: int = 0
    children: list[RegionCoverage] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.region.name if self.region else _("未分到下级区划")

    @property
    def code(self) -> str | None:
        return self.region.code if self.region else None


def reaching_activities(campaign: Campaign, period: Period | None = None) -> QuerySet[Activity]:
    """The campaign's activities that reach people: those of the 微课堂 pillar."""
    qs = Activity.unscoped.filter(campaign=campaign, activity_type__pillar=REACHING_PILLAR)
    if period:
        start, end = period.bounds()
        if start:
            qs = qs.filter(starts_at__gte=start)
        if end:
            qs = qs.filter(starts_at__lt=end)
    return qs


def reaching_attendances(campaign: Campaign, period: Period | None = None) -> QuerySet[Attendance]:
    """Audience attendances at the campaign's reaching activities."""
    return Attendance.unscoped.filter(
        activity__in=reaching_activities(campaign, period).values("pk"),
        role=AttendanceRole.AUDIENCE,
    )


def reaches(campaign: Campaign) -> QuerySet[CampaignReach]:
    """The summary rows of the persons the campaign has reached (whole campaign)."""
    return CampaignReach.objects.filter(campaign=campaign)


def reached_person_ids(campaign: Campaign, period: Period | None = None) -> QuerySet:
    """A subquery of the ids of the persons the campaign has reached (with a period it may
    repeat ids: use it inside `pk__in=`)."""
    if period is None:
        return reaches(campaign).values("person_id")
    return reaching_attendances(campaign, period).values("person_id")


def reached_flag(campaign: Campaign, period: Period | None = None) -> Exists:
    """An `Exists` to annotate a Person queryset with whether each person is reached."""
    if period is None:
        return Exists(reaches(campaign).filter(person_id=OuterRef("pk")))
    return Exists(reaching_attendances(campaign, period).filter(person_id=OuterRef("pk")))


def is_reached(campaign: Campaign, person: Person, period: Period | None = None) -> bool:
    if period is None:
        return reaches(campaign).filter(person=person).exists()
    return reaching_attendances(campaign, period).filter(person=person).exists()


def household_reached_flag(campaign: Campaign, period: Period | None = None) -> Exists:
    """An `Exists` to annotate a Household queryset: any member reached."""
    if period is None:
        return Exists(reaches(campaign).filter(household_id=OuterRef("pk")))
    return Exists(
        Person.unscoped.filter(
            household_id=OuterRef("pk"), pk__in=reached_person_ids(campaign, period)
        )
    )


def coverage(
    campaign: Campaign,
    region: Region,
    *,
    period: Period | None = None,
    depth: int = 1,
    person_times: bool = True,
) -> RegionCoverage:
    """Coverage of `region`'s subtree, with its child regions down `depth` levels
    (0: none; 1: children; 2: children and grandchildren, e.g. town → villages → 组).
    `person_times=False` leaves `audience_person_times` at 0 (the figures module counts
    人次 per activity type itself) and spares reading the activities."""
    children = _descendants(region, depth)
    paths = [region.path, *(r.path for rows in children.values() for r in rows)]
    activities = reaching_activities(campaign, period).filter(region__path__startswith=region.path)
    if not person_times:
        activities = activities.none()
    if period is None:
        totals = _stored(campaign, paths, activities)
    else:
        totals = _counted(campaign, region, period, paths, activities)
    return _build(campaign, region, totals, children, depth)


# The figures of a path: [persons, reached, party, party reached, households, reached, 人次].
PERSONS, REACHED, HOUSEHOLDS, HOUSEHOLDS_REACHED, TIMES = 0, 1, 4, 5, 6
ADDITIVE = (0, 1, 2, 3, TIMES)  # households are distinct per path, never added up
SUBTREE = 10  # a part's column + SUBTREE: a figure of the subtree of its path


@dataclass
class _Totals:
    """The figures of the subtree under each path asked for, and of exactly each path."""

    subtree: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0] * 7))
    own: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0] * 7))

    def add_up(self, paths: list[str], columns: tuple[int, ...]) -> None:
        """The subtree's `columns` of each path as the sum of every path's own under it."""
        for path in paths:
            total = self.subtree[path]
            for other, values in self.own.items():
                if other.startswith(path):
                    for c in columns:
                        total[c] += values[c]


def _stored(campaign: Campaign, paths: list[str], activities: QuerySet[Activity]) -> _Totals:
    """Persons, party members and households, registered and reached, from the counts per
    region path (`RegionCount`, kept by triggers); 人次 from the activities (head counts)
    and their named audience (`ActivityAudience`)."""
    totals = _Totals()
    counts = RegionCount.objects.filter(
        campaign_key__in=[RESIDENTS, campaign.pk], path__in=paths
    ).values_list(
        "campaign_key", "path", "persons", "party_members", "households",
        "own_persons", "own_party_members", "own_households",
    )  # fmt: skip
    for key, path, persons, party, homes, own_persons, own_party, own_homes in counts:
        reached = int(key != RESIDENTS)  # the column of the registered, or + 1: the reached
        for values, figures in (
            (totals.subtree[path], (persons, party, homes)),
            (totals.own[path], (own_persons, own_party, own_homes)),
        ):
            for column, n in zip((PERSONS, PERSONS + 2, HOUSEHOLDS), figures, strict=True):
                values[column + reached] += n
    times = _part(
        activities, TIMES, Sum("audience_headcount") + Coalesce(Sum("audience_summary__named"), 0)
    )
    for path, _column, n, _second in times:
        totals.own[path][TIMES] += n or 0
    totals.add_up(paths, (TIMES,))
    return totals


def _counted(
    campaign: Campaign,
    region: Region,
    period: Period,
    paths: list[str],
    activities: QuerySet[Activity],
) -> _Totals:
    """The same figures counted from the persons and the attendance of the period."""
    # Every query below filters with `IN (subquery)` in its WHERE clause, never inside an
    # aggregate: PostgreSQL turns that into a semi-join (a hash join over the campaign's
    # attendance for a county, index lookups for a village), where a subquery inside
    # COUNT(...) FILTER would be re-run per row once its hash outgrows work_mem.
    people = Person.unscoped.filter(region__path__startswith=region.path).order_by()
    party = ~Q(party_status=PartyStatus.NONE)
    reached = people.filter(pk__in=reached_person_ids(campaign, period))
    audience = Attendance.unscoped.filter(
        activity__in=activities.values("pk"), role=AttendanceRole.AUDIENCE
    )
    homes = Count("household_id", distinct=True)
    # Each part: (path, column, figure, second figure in column + 2 or 0), exactly at the
    # path; households (distinct) also under each prefix length asked for.
    parts = [
        _part(people, PERSONS, Count("pk"), Count("pk", filter=party)),
        _part(reached, REACHED, Count("pk"), Count("pk", filter=party)),
        _part(people, HOUSEHOLDS, homes),
        _part(reached, HOUSEHOLDS_REACHED, homes),
        _part(activities, TIMES, Sum("audience_headcount")),
        _part(audience, TIMES, Count("pk"), path="activity__region__path"),
    ]
    for length in sorted({len(p) for p in paths}):
        for persons, column in ((people, HOUSEHOLDS), (reached, HOUSEHOLDS_REACHED)):
            under = persons.alias(length=Length("region__path")).filter(length__gte=length)
            parts.append(
                _part(
                    under.annotate(prefix=Substr("region__path", 1, length)),
                    column + SUBTREE,
                    homes,
                    path="prefix",
                )
            )
    totals = _Totals()
    # All parts in one query (UNION ALL): one round trip to the database.
    for path, column, first, second in parts[0].union(*parts[1:], all=True):
        if column >= SUBTREE:
            totals.subtree[path][column - SUBTREE] += first or 0
            continue
        totals.own[path][column] += first or 0
        if column in (PERSONS, REACHED):
            totals.own[path][column + 2] += second or 0
    totals.add_up(paths, ADDITIVE)
    return totals


def _part(
    queryset: QuerySet, column: int, first, second=None, *, path: str = "region__path"
) -> QuerySet:
    """`queryset` grouped by region path as (path, column, first, second) rows."""
    return (
        queryset.order_by()
        .values_list(path)
        .annotate(
            column=Value(column, output_field=IntegerField()),
            first=first,
            second=second if second is not None else Value(0, output_field=IntegerField()),
        )
    )


def _descendants(region: Region, depth: int) -> dict[int, list[Region]]:
    """The child regions of `region` and of its descendants down `depth` levels, by the
    parent's id, in code order (one query per level)."""
    result: dict[int, list[Region]] = {}
    parents = [region.pk]
    for _level in range(depth):
        rows = list(Region.unscoped.filter(parent__in=parents).order_by("code"))
        for child in rows:
            result.setdefault(child.parent_id, []).append(child)
        parents = [child.pk for child in rows]
        if not parents:
            break
    return result


def _build(
    campaign: Campaign,
    region: Region | None,
    totals: _Totals,
    children: dict[int, list[Region]],
    depth: int,
    *,
    path: str | None = None,
) -> RegionCoverage:
    """`region`'s node (its subtree's figures), or with `region` None the residents
    registered exactly at `path` while it has child regions."""
    own = totals.subtree[region.path] if region is not None else totals.own[path]
    result = RegionCoverage(
        region=region,
        persons=Figure(own[1], own[0], campaign.target_person_coverage),
        party_members=Figure(own[3], own[2], campaign.target_person_coverage),
        households=Figure(own[5], own[4], campaign.target_household_coverage),
        audience_person_times=own[6],
    )
    if depth > 0 and region is not None and children.get(region.pk):
        result.children = [
            _build(campaign, child, totals, children, depth - 1) for child in children[region.pk]
        ]
        if any(totals.own[region.path]):
            result.children.append(_build(campaign, None, totals, children, 0, path=region.path))
    return result
