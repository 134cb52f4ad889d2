"""The figures module: every figure of the three pillars for a region's subtree, a campaign (or
none) and a period, with the same figures per child region. The dashboard, the workbook, the
brief, the CSV files and the API read this module and nothing else; it reads the pillar
modules and recomputes nothing:

- `coverage.audience.activity_counts`: per activity type, sessions (场次, a sub-venue counts
  toward its main session), audience person-times (人次, head counts included) and distinct
  persons — `activities.figures.activity_counts`' figures read from the summary tables;
- `classroom.services.lecture_overview`: lecture teams, their lectures and audience;
  deliveries (送学) are the sessions of the delivery types (`ActivityType.is_delivery`);
- `coverage.engine.coverage`: persons, party members and households reached (only with a
  campaign: reach is a campaign's);
- `seminar.figures.opinion_rates`: opinions collected, answered, adopted, on time;
  courtyard meetings are the sessions of `seminar.meetings.MEETING_TYPE`;
- `study.figures.essay_figures`: essays collected, excellent, recommended;
- `volunteers.hours`: hours served, registered and active volunteers, volunteers per star
  level; volunteer activities are the sessions of the 微服务 pillar's types;
- `needs.figures.need_counts`: needs reported and resolved, on time, average rating;
- `quantities.services.quantity_breakdown`: quantities delivered by item and unit.

Period: inclusive local dates; each record counts by its own date (an activity by its start,
an opinion by the day raised, an essay by its submission, a need by its registration,
resolution or rating). Needs, need hours and volunteers carry no campaign: with a campaign
and no dates they count within the campaign's dates. Star levels are cumulative hours up to
`end` (or now).

Children: one `RegionFigures` per child region (by code), and one with `region` None for
the records registered at the region itself while it has children ("未分到下级区划"), shown
only when it holds anything. Every module groups by child region in SQL, so a county of 25
towns costs the same bounded number of queries as a village (about 25).

Reads through the unscoped managers: the caller decides who may see the region.
`figures_data(figures)` gives the API's JSON shape (the documented keys); `approx.say`
says a figure in a report's words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from sanwei.activities.figures import TOTAL, TypeCounts, sessions_by_day_and_pillar
from sanwei.activities.models import ActivityType, Campaign, Pillar
from sanwei.classroom.services import lecture_overview
from sanwei.core.errors import ServiceError
from sanwei.coverage import engine
from sanwei.coverage.audience import activity_counts
from sanwei.needs.figures import NeedCounts, need_counts
from sanwei.quantities.services import quantity_breakdown
from sanwei.regions.models import Region
from sanwei.regions.services import child_path_length
from sanwei.seminar.figures import OpinionRates, opinion_rates
from sanwei.seminar.figures import Period as OpinionPeriod
from sanwei.seminar.meetings import MEETING_TYPE
from sanwei.study.figures import essay_figures
from sanwei.teams.models import Team
from sanwei.volunteers import hours as volunteer_hours
from sanwei.volunteers.hours import VolunteerCounts


@dataclass
class Lectures:
    teams: int = 0
    lectures: int = 0
    person_times: int = 0


@dataclass
class Classroom:
    lectures: Lectures = field(default_factory=Lectures)
    deliveries: int = 0


@dataclass
class Coverage:
    persons: engine.Figure
    party_members: engine.Figure
    households: engine.Figure


@dataclass
class Opinions:
    collected: int = 0
    answered: int = 0
    adopted: int = 0
    on_time: int = 0
    decided: int = 0
    due_answered: int = 0
    overdue: int = 0

    @classmethod
    def of(cls, rates: OpinionRates) -> Opinions:
        return cls(
            rates.collected,
            rates.answered,
            rates.adopted,
            rates.on_time,
            rates.decided,
            rates.due_answered,
            rates.overdue,
        )

    def rates(self) -> OpinionRates:
        """The seminar module's rates (reply, on-time, adoption) of these counts."""
        return OpinionRates(
            None,
            collected=self.collected,
            answered=self.answered,
            due_answered=self.due_answered,
            on_time=self.on_time,
            decided=self.decided,
            adopted=self.adopted,
            overdue=self.overdue,
        )


@dataclass
class Essays:
    collected: int = 0
    excellent: int = 0
    recommended: int = 0


@dataclass
class Seminar:
    meetings: int = 0
    opinions: Opinions = field(default_factory=Opinions)
    essays: Essays = field(default_factory=Essays)


@dataclass
class Service:
    activities: int = 0
    volunteers: VolunteerCounts = field(default_factory=VolunteerCounts)
    hours: Decimal = Decimal(0)
    stars: list[int] = field(default_factory=list)  # volunteers with 0, 1, … 5 stars
    needs: NeedCounts = field(default_factory=NeedCounts)
    quantities: list[dict] = field(default_factory=list)


@dataclass
class PillarCounts:
    """Sessions and audience person-times of one pillar's types (persons are per type only:
    one person at two types is one person of each)."""

    sessions: int = 0
    person_times: int = 0


@dataclass
class Week:
    """Sessions per pillar (value → count, every pillar present) in the week from `monday`."""

    monday: dt.date
    sessions: dict[str, int]


@dataclass
class RegionFigures:
    """The figures of one region's subtree (`region` None: the records registered at the
    parent itself while it has child regions)."""

    region: Region | None
    activities: dict[str, TypeCounts]
    classroom: Classroom = field(default_factory=Classroom)
    coverage: Coverage | None = None
    seminar: Seminar = field(default_factory=Seminar)
    service: Service = field(default_factory=Service)
    pillars: dict[str, PillarCounts] = field(default_factory=dict)  # by Pillar value

    @property
    def name(self) -> str:
        return self.region.name if self.region else _("未分到下级区划")

    @property
    def code(self) -> str | None:
        return self.region.code if self.region else None

    @property
    def sessions(self) -> int:
        """Sessions of every type (each session has one type: they add up)."""
        return sum(c.sessions for c in self.activities.values())

    @property
    def person_times(self) -> int:
        return sum(c.person_times for c in self.activities.values())

    def is_empty(self) -> bool:
        """Nothing recorded (coverage's totals aside: residents are not activity)."""
        return not (
            any(c.sessions or c.person_times for c in self.activities.values())
            or self.classroom.lectures.teams
            or self.seminar.opinions.collected
            or self.seminar.essays.collected
            or self.service.hours
            or self.service.volunteers.registered
            or self.service.needs.reported
            or self.service.needs.resolved
            or self.service.needs.rated
            or self.service.quantities
            or (self.coverage and (self.coverage.persons.total or self.coverage.households.total))
        )


@dataclass
class Figures(RegionFigures):
    campaign: Campaign | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    children: list[RegionFigures] = field(default_factory=list)
    weeks: list[Week] = field(default_factory=list)  # the subtree's sessions week by week


def figures(
    region: Region,
    campaign: Campaign | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    today: dt.date | None = None,
) -> Figures:
    """Every figure of `region`'s subtree (and of each child region) for `campaign` (None:
    all) within the local dates `start`…`end` (inclusive, either open)."""
    if start and end and start > end:
        raise ServiceError("period_invalid", _("截止日期不能早于起始日期"), field="to")
    children = list(Region.unscoped.filter(parent=region).order_by("code"))
    parts = _Parts(list(ActivityType.objects.order_by("pillar", "sort_order", "code")))

    # Records carrying no campaign count within the campaign's dates when none are given.
    plain_start, plain_end = start, end
    if campaign is not None and not (start or end):
        plain_start, plain_end = campaign.starts_on, campaign.ends_on
    plain_period = (plain_start, plain_end) if plain_start or plain_end else None

    parts.activities = activity_counts(region, campaign=campaign, start=start, end=end)
    parts.lectures = _lectures(region, campaign, start, end)
    if campaign is not None:
        period = engine.Period(start, end) if start or end else None
        parts.coverage = _by_bucket(
            engine.coverage(campaign, region, period=period, person_times=False), region
        )
    parts.opinions = _by_bucket(
        opinion_rates(region, campaign=campaign, period=OpinionPeriod(start, end), today=today),
        region,
    )
    parts.essays = _essays(region, campaign, start, end)
    parts.hours = volunteer_hours.hours_by_region(
        region, (start, end) if start or end else plain_period, campaign=campaign
    )
    parts.volunteers = volunteer_hours.volunteers_by_region(region, plain_period)
    parts.stars = volunteer_hours.stars_by_region(region, end)
    parts.needs = need_counts(region, start=plain_start, end=plain_end)
    parts.quantities = _quantities(region, campaign, start, end)

    total = parts.build(TOTAL, region)
    result = Figures(
        **{f: getattr(total, f) for f in RegionFigures.__dataclass_fields__},
        campaign=campaign,
        start=start,
        end=end,
    )
    result.weeks = _weeks(
        sessions_by_day_and_pillar(region, campaign=campaign, start=start, end=end),
        plain_start,
        plain_end,
    )
    for child in children:
        result.children.append(parts.build(child.path, child))
    if children:
        direct = parts.build(region.path, None)
        if not direct.is_empty():
            result.children.append(direct)
    return result


def _weeks(
    days: dict[tuple[dt.date, str], int], start: dt.date | None, end: dt.date | None
) -> list[Week]:
    """Every week (Monday to Sunday) from the one holding `start` to the one holding `end`,
    widened to the first and last session counted (a campaign's sessions held outside its
    dates count in its figures), zeros included."""
    held = [day for day, _pillar in days]
    first = min([d for d in (start, min(held, default=None)) if d], default=None)
    last = max([d for d in (end, max(held, default=None)) if d], default=None)
    if first is None or last is None or first > last:
        return []
    monday = first - dt.timedelta(days=first.weekday())
    weeks: dict[dt.date, Week] = {}
    while monday <= last:
        weeks[monday] = Week(monday, {p: 0 for p in Pillar.values})
        monday += dt.timedelta(days=7)
    for (day, pillar), n in days.items():
        week = weeks.get(day - dt.timedelta(days=day.weekday()))
        if week is not None and pillar in week.sessions:
            week.sessions[pillar] += n
    return list(weeks.values())


def _bucket(region: Region, path: str) -> str:
    """The child bucket of a path in `region`'s subtree."""
    return path[: child_path_length(region)]


def _by_bucket(total, region: Region) -> dict[str, object]:
    """A pillar result with `children` (region None: registered at the parent) by bucket."""
    result = {TOTAL: total}
    for child in total.children:
        result[child.region.path if child.region else region.path] = child
    return result


def _lectures(region, campaign, start, end) -> dict[str, Lectures]:
    teams = Team.unscoped.filter(region__path__startswith=region.path)
    overview = lecture_overview(teams, campaign=campaign, start=start, end=end)
    result: dict[str, Lectures] = {TOTAL: Lectures()}
    for row in overview.rows:
        for key in (TOTAL, _bucket(region, row.team.region.path)):
            lectures = result.setdefault(key, Lectures())
            lectures.teams += 1
            lectures.lectures += row.lectures
            lectures.person_times += row.person_times
    return result


def _quantities(region, campaign, start, end) -> dict[str, list[dict]]:
    """[{item, unit, total}] by bucket (the quantities module's own campaign rule: needs'
    quantities within the campaign's dates)."""
    breakdown = quantity_breakdown(region, start=start, end=end, campaign=campaign)
    result = {TOTAL: [t.as_dict() for t in breakdown.totals]}
    for line in breakdown.children:
        bucket = line.region.path if line.region else region.path
        result[bucket] = [t.as_dict() for t in line.totals]
    return result


def _essays(region, campaign, start, end) -> dict[str, Essays]:
    counts = essay_figures(region, campaign=campaign, start=start, end=end)

    def essays(c) -> Essays:
        return Essays(c.collected, c.excellent, c.recommended)

    result = {TOTAL: essays(counts.total)}
    for child in counts.children:
        result[child.region.path] = essays(child)
    # Essays registered at the region itself: the subtree's less its children's.
    result[region.path] = Essays(
        *(
            getattr(counts.total, f) - sum(getattr(c, f) for c in counts.children)
            for f in ("collected", "excellent", "recommended")
        )
    )
    return result


class _Parts:
    """Each pillar's figures by bucket, assembled into `RegionFigures`."""

    def __init__(self, types: list[ActivityType]):
        self.types = types
        self.activities: dict = {}
        self.lectures: dict = {}
        self.coverage: dict | None = None
        self.opinions: dict = {}
        self.essays: dict = {}
        self.hours: dict = {}
        self.volunteers: dict = {}
        self.stars: dict = {}
        self.needs: dict = {}
        self.quantities: dict = {}

    def _sum(self, table: dict, bucket: str, make, add):
        """A bucket's additive figure; TOTAL is the sum of every bucket."""
        if bucket != TOTAL:
            return table.get(bucket, make())
        total = make()
        for value in table.values():
            total = add(total, value)
        return total

    def build(self, bucket: str, region: Region | None) -> RegionFigures:
        by_type = self.activities.get(bucket, {})
        activities = {t.code: by_type.get(t.code, TypeCounts()) for t in self.types}
        # Counts of a type code no longer in the table (deleted type) still show.
        activities.update({c: v for c, v in by_type.items() if c not in activities})
        pillar = {t.code: t.pillar for t in self.types}
        delivery = {t.code for t in self.types if t.is_delivery}
        figures = RegionFigures(region=region, activities=activities)
        figures.pillars = {p: PillarCounts() for p in Pillar.values}
        for code, c in activities.items():
            if code in pillar:
                figures.pillars[pillar[code]].sessions += c.sessions
                figures.pillars[pillar[code]].person_times += c.person_times
        figures.classroom = Classroom(
            lectures=self.lectures.get(bucket, Lectures()),
            deliveries=sum(c.sessions for code, c in activities.items() if code in delivery),
        )
        if self.coverage is not None:
            c = self.coverage.get(bucket)
            figures.coverage = (
                Coverage(c.persons, c.party_members, c.households)
                if c is not None
                else Coverage(*(engine.Figure(0, 0) for _ in range(3)))
            )
        opinions = self.opinions.get(bucket)
        figures.seminar = Seminar(
            meetings=activities.get(MEETING_TYPE, TypeCounts()).sessions,
            opinions=Opinions.of(opinions) if opinions is not None else Opinions(),
            essays=self.essays.get(bucket, Essays()),
        )

        def add_counts(a, b):
            a.add(b)
            return a

        levels = len(volunteer_hours.thresholds()) + 1
        figures.service = Service(
            activities=sum(
                c.sessions for code, c in activities.items() if pillar.get(code) == Pillar.SERVICE
            ),
            volunteers=self._sum(
                self.volunteers,
                bucket,
                VolunteerCounts,
                lambda a, b: VolunteerCounts(a.registered + b.registered, a.active + b.active),
            ),
            hours=self._sum(self.hours, bucket, Decimal, lambda a, b: a + b),
            stars=self._sum(
                self.stars,
                bucket,
                lambda: [0] * levels,
                lambda a, b: [x + y for x, y in zip(a, b, strict=True)],
            ),
            needs=self._sum(self.needs, bucket, NeedCounts, add_counts),
            quantities=self.quantities.get(bucket, []),
        )
        return figures


# --------------------------------------------------------------------------- JSON shape


def _figure(f: engine.Figure) -> dict:
    return {"reached": f.reached, "total": f.total, "percent": f.percent, "target": f.target}


def region_figures_data(f: RegionFigures) -> dict:
    """One region's figures under the documented keys (docs/ARCHITECTURE.md)."""
    opinions = f.seminar.opinions
    rates = opinions.rates()
    needs = f.service.needs
    return {
        "region": {
            "code": f.code,
            "name": str(f.name),
            "level": f.region.level if f.region else None,
        },
        "activities": {
            code: {"sessions": c.sessions, "person_times": c.person_times, "persons": c.persons}
            for code, c in f.activities.items()
        },
        "pillars": {
            p: {"sessions": c.sessions, "person_times": c.person_times}
            for p, c in f.pillars.items()
        },
        "classroom": {
            "lectures": {
                "teams": f.classroom.lectures.teams,
                "lectures": f.classroom.lectures.lectures,
                "person_times": f.classroom.lectures.person_times,
            },
            "deliveries": f.classroom.deliveries,
        },
        "coverage": (
            {
                "persons": _figure(f.coverage.persons),
                "party_members": _figure(f.coverage.party_members),
                "households": _figure(f.coverage.households),
            }
            if f.coverage is not None
            else None
        ),
        "seminar": {
            "meetings": f.seminar.meetings,
            "opinions": {
                "collected": opinions.collected,
                "answered": opinions.answered,
                "adopted": opinions.adopted,
                "on_time": opinions.on_time,
                "decided": opinions.decided,
                "due_answered": opinions.due_answered,
                "overdue": opinions.overdue,
                "reply_rate": rates.reply_rate,
                "on_time_rate": rates.on_time_rate,
                "adoption_rate": rates.adoption_rate,
            },
            "essays": {
                "collected": f.seminar.essays.collected,
                "excellent": f.seminar.essays.excellent,
                "recommended": f.seminar.essays.recommended,
            },
        },
        "service": {
            "activities": f.service.activities,
            "volunteers": {
                "registered": f.service.volunteers.registered,
                "active": f.service.volunteers.active,
            },
            "hours": float(f.service.hours),
            "stars": [{"level": level, "volunteers": n} for level, n in enumerate(f.service.stars)],
            "needs": {
                "reported": needs.reported,
                "resolved": needs.resolved,
                "due_resolved": needs.due_resolved,
                "on_time": needs.on_time,
                "on_time_rate": needs.on_time_rate,
                "rated": needs.rated,
                "average_rating": needs.average_rating,
            },
            "quantities": [
                {"item": q["item"], "unit": q["unit"], "total": float(q["total"])}
                for q in f.service.quantities
            ],
        },
    }


def figures_data(f: Figures) -> dict:
    """The API's JSON: the region's figures, the inputs, and `children`."""
    return {
        **region_figures_data(f),
        "campaign": {"id": f.campaign.pk, "name": f.campaign.name} if f.campaign else None,
        "from": f.start,
        "to": f.end,
        "children": [region_figures_data(child) for child in f.children],
        "weeks": [{"week": w.monday, **w.sessions} for w in f.weeks],
    }
