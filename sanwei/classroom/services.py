"""Rules of the 微课堂 extras: learning materials, mobile lectures (流动学), 三句半 scripts,
and the figures of the lecture teams.

Writes take `user=` and check it first (the predicates of `rules.py`); None and anonymous
users are refused, the system passes `SYSTEM`. A refusal is a `ServiceError` (English
code, Chinese message, the form field). Activities and attendance are written by the
activities app's services (`save_activity`, `record_attendance`), never here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import require_that
from sanwei.activities import services as activity_services
from sanwei.activities.figures import day_bounds
from sanwei.activities.models import (
    Activity,
    ActivityType,
    Attendance,
    AttendanceRole,
    Campaign,
    Pillar,
    RecordedVia,
)
from sanwei.activities.permissions import CHANGE_ACTIVITIES
from sanwei.core.errors import ServiceError
from sanwei.core.models import user_or_none
from sanwei.teams.models import Membership, Team, TeamKind

from . import rules
from .models import Material, MaterialKind, PerformanceScript
from .permissions import CHANGE_MATERIALS
from .sanzhiban import CLOSING_MAX_CHARS_RANGE, ScriptError, check_script

MOBILE_LECTURE_TYPE = "mobile_lecture"
PERFORMANCE_TYPE = "performance"
LECTURE_MINUTES = 60  # a mobile lecture's default length
TITLE_MAX = 200


def mobile_lecture_title(topic: str) -> str:
    """The activity title of a mobile lecture on `topic`: “topic”流动宣讲."""
    return f"“{topic}”流动宣讲"


def _remove_files(names: Iterable[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        if name:
            default_storage.delete(name)


# --------------------------------------------------------------------------- materials


def _check_material(material: Material, has_file: bool) -> None:
    try:
        material.full_clean(
            exclude=["file", "code", "created_by", "activities", "view_count"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as e:
        name, messages = next(iter(e.message_dict.items()))
        raise ServiceError(
            "invalid", "；".join(messages), field=None if name == "__all__" else name
        ) from e
    kind = material.kind
    if kind == MaterialKind.TEXT and not material.body.strip():
        raise ServiceError("material_body_required", _("文字资料请填写正文"), field="body")
    if kind == MaterialKind.DOCUMENT and not has_file:
        raise ServiceError("material_file_required", _("文档资料请上传文件"), field="file")
    if kind in (MaterialKind.AUDIO, MaterialKind.VIDEO) and not material.url:
        raise ServiceError("material_url_required", _("音频、视频资料请填写链接地址"), field="url")


@transaction.atomic
def save_material(material: Material, *, upload=None, user=None) -> Material:
    """Create or change a material; `upload` (an uploaded file) gets the attachment checks
    (type, size, content) and replaces the stored file."""
    created = material.pk is None
    old_file = ""
    if not created:
        before = Material.unscoped.select_for_update().select_related("region")
        before = before.get(pk=material.pk)
        require_that(rules.may_change_material(user, before), CHANGE_MATERIALS)
        old_file = before.file.name or ""
    require_that(rules.may_change_material(user, material), CHANGE_MATERIALS)
    checked = activity_services.check_upload(upload) if upload is not None else None
    _check_material(material, has_file=upload is not None or bool(material.file))
    if created:
        material.created_by = user_or_none(user)
    removed = []
    if upload is not None and checked is not None:
        material.original_name = checked.original_name
        material.file.save(checked.stored_as, upload, save=False)
        stored = material.file.name
        try:
            material.save()
        except Exception:
            material.file.storage.delete(stored)
            raise
        removed = [old_file] if old_file and old_file != stored else []
    else:
        if material.kind != MaterialKind.DOCUMENT and material.file:
            removed = [material.file.name]
            material.file = ""
            material.original_name = ""
        material.save()
    if removed:
        transaction.on_commit(lambda: _remove_files(removed))
    material.log_action(
        "sanwei.material.created" if created else "sanwei.material.changed",
        user=user,
        data={"title": material.title, "kind": material.kind, "region": material.region.code},
    )
    return material


def delete_material(material: Material, *, user=None) -> None:
    require_that(rules.may_change_material(user, material), CHANGE_MATERIALS)
    name = material.file.name or ""
    with transaction.atomic():
        material.log_action("sanwei.material.deleted", user=user, data={"title": material.title})
        material.delete()
        transaction.on_commit(lambda: _remove_files([name]))


def count_share_view(material: Material) -> None:
    """One more view of the public share page, counted by the database (F() + 1), so
    concurrent views are never lost."""
    Material.unscoped.filter(pk=material.pk).update(view_count=F("view_count") + 1)


def material_fits(material: Material, region) -> bool:
    """May an activity in `region` use `material`? A material of the region, of a region
    above it (the town's for a village) or below it (a village's at a town meeting)."""
    a, m = region.path, material.region.path
    return a.startswith(m) or m.startswith(a)


def _link_materials(activity: Activity, materials: Sequence[Material]) -> list[int]:
    """Replace the materials `activity` used (through the link table: no scoped manager)."""
    for material in materials:
        if not material_fits(material, activity.region):
            raise ServiceError(
                "material_out_of_region",
                _("学习资料“%(title)s”不属于本活动所在区划") % {"title": material.title},
                field="materials",
            )
    link = Material.activities.through
    link.objects.filter(activity_id=activity.pk).delete()
    ids = sorted({m.pk for m in materials})
    link.objects.bulk_create([link(activity_id=activity.pk, material_id=pk) for pk in ids])
    return ids


@transaction.atomic
def set_activity_materials(
    activity: Activity, materials: Sequence[Material], *, user=None
) -> list[int]:
    """Name the materials an activity (a lecture, a delivery …) used."""
    require_that(rules.may_change_activity(user, activity), CHANGE_ACTIVITIES)
    Activity.unscoped.select_for_update().get(pk=activity.pk)
    ids = _link_materials(activity, materials)
    activity.log_action("sanwei.activity.materials_set", user=user, data={"materials": ids})
    return ids


# --------------------------------------------------------------------------- mobile lectures


def current_campaign(region, day: dt.date) -> Campaign | None:
    """The campaign covering `day` that an activity in `region` belongs to: of the region
    or one above it, the most recently started first."""
    ancestors = [region.path[:n] for n in range(1, len(region.path) + 1)]
    return (
        Campaign.unscoped.filter(region__path__in=ancestors, starts_on__lte=day, ends_on__gte=day)
        .order_by("-starts_on", "-pk")
        .first()
    )


@dataclass
class MobileLecture:
    team: Team
    topic: str
    starts_at: dt.datetime
    place: str = ""
    audience_headcount: int = 0
    campaign: Campaign | None = None
    materials: Sequence[Material] = ()
    attendees: Sequence = ()  # Persons, audience by name
    minutes: int = LECTURE_MINUTES


def _record_audience(activity: Activity, persons: Sequence, user) -> int:
    """Record the named audience through the one attendance writer (its bulk twin when
    the activities app has one)."""
    if not persons:
        return 0
    bulk = getattr(activity_services, "record_attendances", None)
    if bulk is not None:
        created, _already = bulk(
            activity, list(persons), role=AttendanceRole.AUDIENCE, via=RecordedVia.MANUAL,
            user=user,
        )  # fmt: skip
        return created if isinstance(created, int) else len(created)
    for person in persons:
        activity_services.record_attendance(
            activity, person, AttendanceRole.AUDIENCE, 0, RecordedVia.MANUAL, user=user
        )
    return len(persons)


@transaction.atomic
def record_mobile_lecture(lecture: MobileLecture, *, user=None) -> Activity:
    """A mobile lecture (流动学) in one step: the activity (type mobile_lecture, titled
    “topic”流动宣讲, in the team's region, under the chosen campaign or the one covering
    its day), the materials it used, and its named audience."""
    team = lecture.team
    require_that(rules.may_record_lecture(user, team.region), CHANGE_ACTIVITIES)
    if team.kind != TeamKind.LECTURE:
        raise ServiceError("team_not_lecture", _("请选择一支宣讲队"), field="team")
    topic = (lecture.topic or "").strip().strip('“”"「」')
    if not topic:
        raise ServiceError("topic_required", _("请填写宣讲主题"), field="topic")
    title = mobile_lecture_title(topic)
    if len(title) > TITLE_MAX:
        raise ServiceError(
            "topic_too_long",
            _("宣讲主题不能超过%(n)s个字") % {"n": TITLE_MAX - len(mobile_lecture_title(""))},
            field="topic",
        )
    if lecture.audience_headcount is None or lecture.audience_headcount < 0:
        raise ServiceError("headcount_negative", _("人数不能为负数"), field="audience_headcount")
    starts_at = lecture.starts_at
    campaign = lecture.campaign or current_campaign(team.region, timezone.localdate(starts_at))
    if campaign is None:
        raise ServiceError(
            "no_current_campaign",
            _("%(day)s没有进行中的专题，请选择专题") % {"day": timezone.localdate(starts_at)},
            field="campaign",
        )
    activity_type = ActivityType.objects.filter(code=MOBILE_LECTURE_TYPE).first()
    if activity_type is None:
        raise ServiceError("activity_type_missing", _("缺少活动类型“流动宣讲”"))
    activity = Activity(
        campaign=campaign,
        activity_type=activity_type,
        title=title,
        region=team.region,
        organising_team=team,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=lecture.minutes or LECTURE_MINUTES),
        place=(lecture.place or "").strip(),
        audience_headcount=lecture.audience_headcount,
    )
    activity_services.save_activity(activity, user=user)
    material_ids = _link_materials(activity, list(lecture.materials)) if lecture.materials else []
    named = _record_audience(activity, list(dict.fromkeys(lecture.attendees)), user)
    activity.log_action(
        "sanwei.mobile_lecture.recorded",
        user=user,
        data={
            "team": team.pk,
            "headcount": activity.audience_headcount,
            "named": named,
            "materials": material_ids,
        },
    )
    return activity


# --------------------------------------------------------------------------- 三句半 scripts


class ScriptInvalid(ServiceError):
    """The script does not have the form: `errors` holds every line's error."""

    def __init__(self, errors: list[ScriptError]) -> None:
        super().__init__("script_invalid", "；".join(str(e) for e in errors), field="text")
        self.errors = errors


def is_performance(activity: Activity) -> bool:
    return activity.activity_type.code == PERFORMANCE_TYPE


def script_errors(text: str, closing_max_chars: int, performers: Sequence) -> list[ScriptError]:
    """The checker's errors, and a performer picked twice."""
    distinct = list(dict.fromkeys(performers))
    errors = check_script(text, closing_max_chars=closing_max_chars, performer_count=len(distinct))
    if len(distinct) != len(performers):
        errors.append(ScriptError(None, _("同一名表演者不能重复选择")))
    return errors


@transaction.atomic
def save_script(
    activity: Activity,
    *,
    text: str,
    performers: Sequence,
    closing_max_chars: int = 4,
    user=None,
) -> PerformanceScript:
    """Save the 三句半 script of a performance activity. A script with any structural
    error (see `sanzhiban.check_script`) or without exactly four performers is refused
    with every error (`ScriptInvalid.errors`); nothing is saved then."""
    require_that(rules.may_change_script(user, activity), CHANGE_ACTIVITIES)
    if not is_performance(activity):
        raise ServiceError("not_a_performance", _("只有唱演学（三句半）活动才有剧本"), field="text")
    low, high = CLOSING_MAX_CHARS_RANGE
    if closing_max_chars is None or not low <= closing_max_chars <= high:
        raise ServiceError(
            "closing_max_chars_range",
            _("第四句最多字数应在%(low)s到%(high)s之间") % {"low": low, "high": high},
            field="closing_max_chars",
        )
    for person in performers:
        if not activity_services.in_user_scope(user, person.region):
            raise ServiceError(
                "person_out_of_scope", _("所选表演者不在您的管辖范围内"), field="performers"
            )
    errors = script_errors(text, closing_max_chars, list(performers))
    if errors:
        raise ScriptInvalid(errors)
    Activity.unscoped.select_for_update().get(pk=activity.pk)
    script = PerformanceScript.unscoped.filter(activity=activity).first()
    created = script is None
    if created:
        script = PerformanceScript(activity=activity)
    script.text = text.replace("\r\n", "\n").strip()
    script.closing_max_chars = closing_max_chars
    script.updated_by = user_or_none(user)
    script.save()
    link = PerformanceScript.performers.through
    link.objects.filter(performancescript_id=script.pk).delete()
    link.objects.bulk_create(
        [link(performancescript_id=script.pk, person_id=p.pk) for p in performers]
    )
    script.log_action(
        "sanwei.script.created" if created else "sanwei.script.changed",
        user=user,
        data={"activity": activity.code, "performers": [p.pk for p in performers]},
    )
    return script


# --------------------------------------------------------------------------- lecture teams


@dataclass
class LectureFigures:
    """A team's lectures over a period: how many, the audience by head count and by name,
    and the person-times (人次 = head count + named audience attendances)."""

    lectures: int = 0
    headcount: int = 0
    named: int = 0

    @property
    def person_times(self) -> int:
        return self.headcount + self.named

    def add(self, other: LectureFigures) -> None:
        self.lectures += other.lectures
        self.headcount += other.headcount
        self.named += other.named


@dataclass
class MonthFigures(LectureFigures):
    month: dt.date = dt.date.min


@dataclass
class TeamLectures:
    months: list[MonthFigures] = field(default_factory=list)
    total: LectureFigures = field(default_factory=LectureFigures)


def lectures_of(teams) -> QuerySet[Activity]:
    """The lectures teams gave: classroom activities they organised (unscoped: the caller
    has fetched the teams through its scope)."""
    return Activity.unscoped.filter(
        organising_team__in=teams, activity_type__pillar=Pillar.CLASSROOM
    )


def _month(value) -> dt.date:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def team_lectures(team: Team) -> TeamLectures:
    """One lecture team's lectures by month (Beijing time), oldest first, and in total."""
    lectures = lectures_of([team.pk])
    months: dict[dt.date, MonthFigures] = {}
    per_month = (
        lectures.annotate(m=TruncMonth("starts_at"))
        .values("m")
        .annotate(n=Count("id"), hc=Sum("audience_headcount"))
        .order_by()
    )
    for row in per_month:
        month = _month(row["m"])
        figures = months.setdefault(month, MonthFigures(month=month))
        figures.lectures += row["n"]
        figures.headcount += row["hc"] or 0
    named = (
        Attendance.unscoped.filter(activity__in=lectures.values("pk"), role=AttendanceRole.AUDIENCE)
        .annotate(m=TruncMonth("activity__starts_at"))
        .values("m")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in named:
        month = _month(row["m"])
        months.setdefault(month, MonthFigures(month=month)).named += row["n"]
    result = TeamLectures(months=[months[m] for m in sorted(months)])
    for figures in result.months:
        result.total.add(figures)
    return result


@dataclass
class TeamRow(LectureFigures):
    team: Team | None = None
    members: int = 0
    lecturers: int = 0


@dataclass
class LectureOverview:
    rows: list[TeamRow] = field(default_factory=list)
    total: TeamRow = field(default_factory=TeamRow)


def lecture_overview(
    teams: QuerySet[Team],
    *,
    campaign=None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> LectureOverview:
    """Every lecture team of `teams` (already scoped by the caller) with its members (in
    the team now), lecturers among them (a lecturer category), lectures and audience; with
    a campaign or `start`/`end` (local dates the lecture starts, inclusive) only those
    lectures."""
    teams = list(teams.filter(kind=TeamKind.LECTURE).select_related("region"))
    ids = [t.pk for t in teams]
    given = lectures_of(ids)
    if campaign is not None:
        given = given.filter(campaign=campaign)
    low, high = day_bounds(start, end)
    if low:
        given = given.filter(starts_at__gte=low)
    if high:
        given = given.filter(starts_at__lt=high)
    members = {
        row["team"]: row
        for row in Membership.unscoped.filter(team__in=ids, ended_on__isnull=True)
        .values("team")
        .annotate(n=Count("id"), lecturers=Count("id", filter=~Q(person__lecturer_category="")))
        .order_by()
    }
    lectures = {
        row["organising_team"]: row
        for row in given.values("organising_team")
        .annotate(n=Count("id"), hc=Sum("audience_headcount"))
        .order_by()
    }
    named = dict(
        Attendance.unscoped.filter(activity__in=given.values("pk"), role=AttendanceRole.AUDIENCE)
        .values_list("activity__organising_team")
        .annotate(n=Count("id"))
        .order_by()
    )
    overview = LectureOverview()
    for team in teams:
        m = members.get(team.pk, {})
        a = lectures.get(team.pk, {})
        row = TeamRow(
            team=team,
            members=m.get("n", 0),
            lecturers=m.get("lecturers", 0),
            lectures=a.get("n", 0),
            headcount=a.get("hc") or 0,
            named=named.get(team.pk, 0),
        )
        overview.rows.append(row)
        overview.total.add(row)
        overview.total.members += row.members
        overview.total.lecturers += row.lecturers
    return overview
