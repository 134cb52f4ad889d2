"""The coverage engine: who a campaign has reached, in any region's subtree, in one place.

A person is *reached* by a campaign when they attended, as audience, an activity of the
campaign in the 微课堂 pillar: a training, a lesson, a lecture, a performance, or a delivery
(送学, an activity of a delivery type with the person as its audience). Attending several
activities, or a main session and its sub-venue, still counts the person once. Head counts
(`Activity.audience_headcount`) name nobody, so they reach nobody by name; they count only as
人次 (person-times).

A *household* is reached when any of its current members is; households with no member
registered in the region's subtree are not counted (there is nobody there to reach). Persons and households count in the region they
are registered in now, so a person who moved household counts for the new household.

Six queries grouped by region path (persons and households, all and reached; head counts
and named audience for 人次), rolled up to the children of the asked region in Python.
Without a period, who is reached and the named audience are read from the summary tables
(`coverage.models`: `CampaignReach`, one row per campaign and reached person, and
`ActivityAudience`), which database triggers keep true on every write (`coverage.summary`);
with a period they are counted from the attendance itself. Pages, the API, the gap list and
the figures all read this module; nothing else recomputes coverage.

Callers decide who may see a region; the engine reads through the unscoped managers and is
given the region explicitly.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from sanwei.activities.models import Activity, Attendance, AttendanceRole, Campaign, Pillar
from sanwei.people.models import Household, PartyStatus, Person
from sanwei.regions.models import Region

from .models import CampaignReach

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
    campaign: Campaign, region: Region, *, period: Period | None = None, depth: int = 1
) -> RegionCoverage:
    """Coverage of `region`'s subtree, with its child regions down `depth` levels
    (0: none; 1: children; 2: children and grandchildren, e.g. town → villages → 组)."""
    # Every query below filters with `IN (subquery)` in its WHERE clause, never inside an
    # aggregate: PostgreSQL turns that into a semi-join (a hash join over the campaign's
    # attendance for a county, index lookups for a village), where a subquery inside
    # COUNT(...) FILTER would be re-run per row once its hash outgrows work_mem.
    people = Person.unscoped.filter(region__path__startswith=region.path).order_by()
    party = ~Q(party_status=PartyStatus.NONE)
    homes = Household.unscoped.filter(region__path__startswith=region.path).order_by()
    activities = reaching_activities(campaign, period).filter(region__path__startswith=region.path)
    # Each part: (path, column, figure, second figure in column + 1 or 0).
    parts = [
        _part(people, PERSONS, Count("pk"), Count("pk", filter=party)),
        _part(homes.filter(pk__in=people.values("household_id")), HOUSEHOLDS, Count("pk")),
    ]
    if period is None:
        # The summary: reach rows carry the person's region, household and party status.
        reached_rows = reaches(campaign).filter(region__path__startswith=region.path).order_by()
        parts += [
            _part(reached_rows, REACHED, Count("pk"), Count("pk", filter=Q(is_party_member=True))),
            _part(homes.filter(pk__in=reached_rows.values("household_id")), HOUSEHOLDS_REACHED,
                  Count("pk")),
            # 人次: head counts and the named audience of each activity together.
            _part(activities, TIMES,
                  Sum("audience_headcount") + Coalesce(Sum("audience_summary__named"), 0)),
        ]  # fmt: skip
    else:
        reached = people.filter(pk__in=reached_person_ids(campaign, period))
        audience = Attendance.unscoped.filter(
            activity__in=activities.values("pk"), role=AttendanceRole.AUDIENCE
        )
        parts += [
            _part(reached, REACHED, Count("pk"), Count("pk", filter=party)),
            _part(homes.filter(pk__in=reached.values("household_id")), HOUSEHOLDS_REACHED,
                  Count("pk")),
            _part(activities, TIMES, Sum("audience_headcount")),
            _part(audience, TIMES, Count("pk"), path="activity__region__path"),
        ]  # fmt: skip
    # Per region path: [persons, reached, party, party reached, households, reached, 人次],
    # all parts in one query (UNION ALL): one round trip to the database.
    rows: dict[str, list[int]] = defaultdict(lambda: [0] * 7)
    for path, column, first, second in parts[0].union(*parts[1:], all=True):
        rows[path][column] += first or 0
        if column in (PERSONS, REACHED):
            rows[path][column + 2] += second or 0
    return _build(campaign, region, rows, depth)


PERSONS, REACHED, HOUSEHOLDS, HOUSEHOLDS_REACHED, TIMES = 0, 1, 4, 5, 6


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


def _build(
    campaign: Campaign,
    region: Region | None,
    rows: dict[str, list[int]],
    depth: int,
    *,
    path: str | None = None,
) -> RegionCoverage:
    path = region.path if region else path
    own = [0] * 7
    for p, values in rows.items():
        if p.startswith(path):
            own = [a + b for a, b in zip(own, values, strict=True)]
    result = RegionCoverage(
        region=region,
        persons=Figure(own[1], own[0], campaign.target_person_coverage),
        party_members=Figure(own[3], own[2], campaign.target_person_coverage),
        households=Figure(own[5], own[4], campaign.target_household_coverage),
        audience_person_times=own[6],
    )
    if depth > 0 and region is not None:
        children = list(Region.unscoped.filter(parent=region).order_by("code"))
        if children:
            result.children = [
                _build(
                    campaign,
                    child,
                    {p: v for p, v in rows.items() if p.startswith(child.path)},
                    depth - 1,
                )
                for child in children
            ]
            direct = {p: v for p, v in rows.items() if p == region.path}
            if any(any(v) for v in direct.values()):
                result.children.append(_build(campaign, None, direct, 0, path=region.path))
    return result
