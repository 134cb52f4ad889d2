"""Rules of the youth cadre study series and of the essays.

Writes take `user=` and check it first (the predicates of `rules.py`); None and anonymous
users are refused, the system passes `SYSTEM`. A refusal is a `ServiceError` (English
code, Chinese message, the form field). Sessions are activities written by
`activities.services.save_activity`; their attendance is the activity's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import require_that
from sanwei.activities import services as activity_services
from sanwei.activities.models import Activity, ActivityType, Attendance, AttendanceRole
from sanwei.core.db import violated_constraint
from sanwei.core.errors import ServiceError
from sanwei.core.models import user_or_none
from sanwei.teams.models import Membership

from . import rules, schedule, wordfiles
from .models import (
    SCORE_MAX,
    YOUTH_STUDY,
    Essay,
    EssaySource,
    Participant,
    Presentation,
    Recommendation,
    SeriesRule,
    StudySeries,
    StudySession,
)
from .permissions import CHANGE_STUDY, REVIEW_ESSAYS, SUBMIT_ESSAYS

ESSAY_MAX_CHARS = 100_000  # an essay is a few thousand characters; a book is not an essay


def local_today() -> dt.date:
    """Today in the site's time zone (Asia/Shanghai)."""
    return timezone.localdate()


def _clean_fields(obj, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as e:
        errors = getattr(e, "message_dict", None) or {"__all__": e.messages}
        name, messages = next(iter(errors.items()))
        raise ServiceError(
            "invalid", "；".join(messages), field=None if name == "__all__" else name
        ) from e


def _within(region, outer) -> bool:
    return region.path.startswith(outer.path)


# --------------------------------------------------------------------------- series


def _check_rule(series: StudySeries) -> None:
    if series.rule == SeriesRule.DAY:
        if series.day_of_month is None:
            raise ServiceError("series_rule", _("请填写每月几号"), field="day_of_month")
        series.week_of_month = series.weekday = None
    elif series.rule == SeriesRule.WEEKDAY:
        if series.week_of_month is None:
            raise ServiceError("series_rule", _("请选择每月第几个"), field="week_of_month")
        if series.weekday is None:
            raise ServiceError("series_rule", _("请选择星期几"), field="weekday")
        series.day_of_month = None


@transaction.atomic
def save_series(series: StudySeries, *, user=None) -> StudySeries:
    created = series.pk is None
    if not created:
        before = StudySeries.unscoped.select_for_update().select_related("region")
        require_that(rules.may_change_series(user, before.get(pk=series.pk)), CHANGE_STUDY)
    require_that(rules.may_change_series(user, series), CHANGE_STUDY)
    _clean_fields(series, exclude=["created_by"])
    _check_rule(series)
    if not _within(series.region, series.campaign.region):
        raise ServiceError(
            "series_outside_campaign",
            _("所选区划不在专题“%(campaign)s”的范围内") % {"campaign": series.campaign.name},
            field="region",
        )
    if not created:
        sessions = StudySession.unscoped.filter(series=series)
        if sessions.exclude(activity__campaign_id=series.campaign_id).exists():
            raise ServiceError(
                "series_has_sessions",
                _("该系列已有其他专题的座谈，不能改换专题"),
                field="campaign",
            )
        if sessions.exclude(activity__region__path__startswith=series.region.path).exists():
            raise ServiceError(
                "series_has_sessions",
                _("该系列已有不在所选区划内的座谈，不能改为该区划"),
                field="region",
            )
    if created:
        series.created_by = user_or_none(user)
    series.save()
    series.log_action(
        "sanwei.study_series.created" if created else "sanwei.study_series.changed",
        user=user,
        data={"title": series.title, "region": series.region.code, "rule": series.rule},
    )
    return series


def delete_series(series: StudySeries, *, user=None) -> None:
    require_that(rules.may_change_series(user, series), CHANGE_STUDY)
    count = StudySession.unscoped.filter(series=series).count()
    if count:
        raise ServiceError(
            "series_in_use",
            _("系列“%(title)s”已有%(count)s次座谈，不能删除")
            % {"title": series.title, "count": count},
        )
    series.delete_logged(
        "sanwei.study_series.deleted",
        user=user,
        data={"title": series.title},
        in_use_code="series_in_use",
        in_use_message=_("系列“%(title)s”已被使用，不能删除") % {"title": series.title},
    )


@transaction.atomic
def add_participant(
    series: StudySeries, person, *, joined_on: dt.date | None = None, user=None
) -> Participant:
    """A cadre joins the series (again, if they had left: from the new date)."""
    require_that(rules.may_change_series(user, series), CHANGE_STUDY)
    StudySeries.unscoped.select_for_update().get(pk=series.pk)
    if not _within(person.region, series.region):
        raise ServiceError(
            "participant_outside_series",
            _("%(name)s不在本系列的区划内") % {"name": person.name},
            field="person",
        )
    joined_on = joined_on or local_today()
    participant = Participant.unscoped.filter(series=series, person=person).first()
    if participant is not None and participant.left_on is None:
        raise ServiceError(
            "participant_duplicate",
            _("%(name)s已是本系列的学习成员") % {"name": person.name},
            field="person",
        )
    if participant is None:
        participant = Participant(series=series, person=person)
    participant.joined_on, participant.left_on = joined_on, None
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError as e:
        if violated_constraint(e) != "one_participant_per_series":
            raise
        raise ServiceError(
            "participant_duplicate",
            _("%(name)s已是本系列的学习成员") % {"name": person.name},
            field="person",
        ) from e
    participant.log_action(
        "sanwei.study_participant.joined",
        user=user,
        data={"series": series.pk, "person": person.pk, "joined_on": str(joined_on)},
    )
    return participant


@transaction.atomic
def add_team_members(
    series: StudySeries, team, *, joined_on: dt.date | None = None, user=None
) -> tuple[int, int]:
    """Every current member of `team` (in the series' region) joins the series; those
    already taking part are skipped. Returns (added, already)."""
    require_that(rules.may_change_series(user, series), CHANGE_STUDY)
    StudySeries.unscoped.select_for_update().get(pk=series.pk)
    if not _within(team.region, series.region):
        raise ServiceError("team_outside_series", _("所选队伍不在本系列的区划内"), field="team")
    members = (
        Membership.unscoped.filter(team=team, ended_on__isnull=True)
        .select_related("person__region")
        .order_by("person__name", "person_id")
    )
    current = set(
        Participant.unscoped.filter(series=series, left_on__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    added = already = 0
    joined_on = joined_on or local_today()
    for membership in members:
        person = membership.person
        if person.pk in current:
            already += 1
            continue
        if not _within(person.region, series.region):
            continue
        participant = Participant.unscoped.filter(series=series, person=person).first()
        participant = participant or Participant(series=series, person=person)
        participant.joined_on, participant.left_on = joined_on, None
        participant.save()
        current.add(person.pk)
        added += 1
    series.log_action(
        "sanwei.study_participant.team_joined",
        user=user,
        data={"team": team.pk, "added": added, "already": already},
    )
    return added, already


@transaction.atomic
def remove_participant(
    participant: Participant, *, left_on: dt.date | None = None, user=None
) -> Participant:
    """The cadre leaves the series: kept, with the day they left (their rate stops there)."""
    require_that(rules.may_change_series(user, participant.series), CHANGE_STUDY)
    locked = Participant.unscoped.select_for_update().get(pk=participant.pk)
    if locked.left_on is not None:
        raise ServiceError("participant_left", _("该成员已退出本系列"), field="left_on")
    left_on = left_on or local_today()
    if left_on < locked.joined_on:
        raise ServiceError("participant_left", _("退出日期不能早于加入日期"), field="left_on")
    participant.left_on = left_on
    Participant.unscoped.filter(pk=participant.pk).update(left_on=left_on)
    participant.log_action(
        "sanwei.study_participant.left",
        user=user,
        data={"series": participant.series_id, "person": participant.person_id},
    )
    return participant


# --------------------------------------------------------------------------- sessions


def youth_study_type() -> ActivityType:
    return ActivityType.objects.get(code=YOUTH_STUDY)


def _check_session_activity(series: StudySeries, activity: Activity) -> None:
    if activity.activity_type.code != YOUTH_STUDY:
        raise ServiceError(
            "session_type", _("只有“青年干部学习座谈”类型的活动才能作为座谈"), field="activity"
        )
    if activity.campaign_id != series.campaign_id:
        raise ServiceError("session_campaign", _("活动与系列不属于同一专题"), field="activity")
    if not _within(activity.region, series.region):
        raise ServiceError("session_region", _("活动不在本系列的区划内"), field="activity")


@transaction.atomic
def link_session(series: StudySeries, activity: Activity, *, user=None) -> StudySession:
    """An existing youth_study activity becomes a session of the series."""
    require_that(rules.may_change_series(user, series), CHANGE_STUDY)
    StudySeries.unscoped.select_for_update().get(pk=series.pk)
    _check_session_activity(series, activity)
    if StudySession.unscoped.filter(activity=activity).exists():
        raise ServiceError("session_linked", _("该活动已是某个学习系列的座谈"), field="activity")
    session = StudySession.unscoped.create(series=series, activity=activity)
    session.log_action(
        "sanwei.study_session.linked",
        user=user,
        data={"series": series.pk, "activity": activity.code},
    )
    return session


def last_session_day(series: StudySeries) -> dt.date | None:
    last = (
        Activity.unscoped.filter(study_session__series=series)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return timezone.localtime(last).date() if last else None


def proposed_date(series: StudySeries, *, today: dt.date | None = None) -> dt.date | None:
    """The next session's date on the series' rule; None once it falls after the campaign."""
    day = schedule.next_date(series, after=last_session_day(series), today=today or local_today())
    return day if day <= series.campaign.ends_on else None


def session_title(series: StudySeries, day: dt.date) -> str:
    return (
        _("%(title)s（%(year)s年%(month)s月）")
        % {"title": series.title, "year": day.year, "month": day.month}
    )[:200]


@transaction.atomic
def plan_next_session(
    series: StudySeries, *, user=None, today: dt.date | None = None
) -> StudySession:
    """Create the next session (a youth_study activity on the series' rule) in one step.
    Refused while a session is still to come (today or later), so a second click adds
    nothing."""
    require_that(rules.may_change_series(user, series), CHANGE_STUDY)
    StudySeries.unscoped.select_for_update().get(pk=series.pk)
    today = today or local_today()
    start_of_today = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    upcoming = (
        StudySession.unscoped.filter(series=series, activity__starts_at__gte=start_of_today)
        .select_related("activity")
        .order_by("activity__starts_at")
        .first()
    )
    if upcoming is not None:
        raise ServiceError(
            "session_already_planned",
            _("下一次座谈已安排在%(day)s，举行后再安排下一次")
            % {"day": f"{timezone.localtime(upcoming.activity.starts_at):%Y-%m-%d}"},
        )
    day = proposed_date(series, today=today)
    if day is None:
        raise ServiceError(
            "series_campaign_over",
            _("按系列规则，下一次座谈已在专题“%(campaign)s”结束（%(end)s）之后")
            % {"campaign": series.campaign.name, "end": f"{series.campaign.ends_on:%Y-%m-%d}"},
        )
    starts_at = timezone.make_aware(dt.datetime.combine(day, series.start_time))
    activity = Activity(
        campaign=series.campaign,
        activity_type=youth_study_type(),
        title=session_title(series, day),
        region=series.region,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=series.duration_minutes),
        place=series.place,
    )
    activity_services.save_activity(activity, user=user)  # checks CHANGE_ACTIVITIES
    session = StudySession.unscoped.create(series=series, activity=activity)
    session.log_action(
        "sanwei.study_session.planned",
        user=user,
        data={"series": series.pk, "activity": activity.code, "day": str(day)},
    )
    return session


@transaction.atomic
def add_presentation(
    session: StudySession, person, *, topic: str, summary: str = "", user=None
) -> Presentation:
    """A participant of the series presented at the session: the topic and what they shared.
    A presenter not yet recorded as attending is recorded as the activity's lecturer."""
    series = session.series
    require_that(rules.may_change_series(user, series), CHANGE_STUDY)
    if not Participant.unscoped.filter(series=series, person=person).exists():
        raise ServiceError(
            "presenter_not_participant",
            _("%(name)s不是本系列的学习成员") % {"name": person.name},
            field="person",
        )
    presentation = Presentation(
        session=session, person=person, topic=(topic or "").strip(), summary=summary or ""
    )
    if not presentation.topic:
        raise ServiceError("presentation_topic", _("请填写交流题目"), field="topic")
    _clean_fields(presentation)
    presentation.save()
    activity = session.activity
    if not Attendance.unscoped.filter(activity=activity, person=person).exists():
        # Who presented was there: recorded as the activity's lecturer (the one writer).
        activity_services.record_attendance(
            activity, person, role=AttendanceRole.LECTURER, user=user
        )
    presentation.log_action(
        "sanwei.study_presentation.added",
        user=user,
        data={"session": session.pk, "person": person.pk, "topic": presentation.topic},
    )
    return presentation


def delete_presentation(presentation: Presentation, *, user=None) -> None:
    require_that(rules.may_change_series(user, presentation.session.series), CHANGE_STUDY)
    presentation.delete_logged(
        "sanwei.study_presentation.deleted",
        user=user,
        data={"session": presentation.session_id, "topic": presentation.topic},
        in_use_code="presentation_in_use",
        in_use_message=_("该发言已被引用，不能删除"),
    )


# --------------------------------------------------------------------------- attendance rate


@dataclass
class CadreRate:
    participant: Participant
    held: int  # sessions held while a participant
    attended: int  # of those, the ones they attended (any role)

    @property
    def rate(self) -> Decimal | None:
        """Percent, one decimal, half up; None when no session was held while a participant."""
        if not self.held:
            return None
        return (Decimal(100 * self.attended) / self.held).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def attendance_rates(series: StudySeries, *, now: dt.datetime | None = None) -> list[CadreRate]:
    """Each participant's attendance over the series' sessions held so far (started by
    `now`) on the days they were a participant (joined_on … left_on, Beijing dates)."""
    now = now or timezone.now()
    held = [
        (pk, timezone.localtime(starts_at).date())
        for pk, starts_at in Activity.unscoped.filter(
            study_session__series=series, starts_at__lte=now
        ).values_list("pk", "starts_at")
    ]
    present: dict[int, set[int]] = {}
    for activity_id, person_id in Attendance.unscoped.filter(
        activity_id__in=[pk for pk, _day in held]
    ).values_list("activity_id", "person_id"):
        present.setdefault(person_id, set()).add(activity_id)
    rows = []
    participants = Participant.unscoped.filter(series=series).select_related("person__region")
    for participant in participants.order_by("person__name", "pk"):
        mine = [
            pk
            for pk, day in held
            if participant.joined_on <= day
            and (participant.left_on is None or day <= participant.left_on)
        ]
        attended = len(present.get(participant.person_id, set()) & set(mine))
        rows.append(CadreRate(participant=participant, held=len(mine), attended=attended))
    return rows


# --------------------------------------------------------------------------- essays


@transaction.atomic
def submit_essay(essay: Essay, *, upload=None, user=None) -> Essay:
    """Collect an essay: its text typed, or read from a .docx (which is not kept). The
    author is a person of the roster (their name is copied) or a typed name."""
    require_that(rules.may_submit_essay(user, essay), SUBMIT_ESSAYS)
    if upload is not None:
        essay.body = wordfiles.docx_text(upload)
        essay.source = EssaySource.DOCX
        essay.original_name = (upload.name or "")[-200:]
    essay.title = (essay.title or "").strip()
    essay.body = (essay.body or "").strip()
    if not essay.title:
        raise ServiceError("essay_title", _("请填写标题"), field="title")
    if not essay.body:
        raise ServiceError("essay_body", _("请填写正文或上传 Word 文档"), field="body")
    if len(essay.body) > ESSAY_MAX_CHARS:
        raise ServiceError(
            "essay_too_long",
            _("正文过长：最多%(n)s字") % {"n": ESSAY_MAX_CHARS},
            field="file" if upload is not None else "body",
        )
    if essay.author is not None:
        if not activity_services.in_user_scope(user, essay.author.region):
            raise ServiceError("person_out_of_scope", _("该作者不在您的管辖范围内"), field="author")
        if not _within(essay.author.region, essay.region):
            raise ServiceError("essay_author_region", _("作者不在所选区划内"), field="author")
        essay.author_name = essay.author.name
    essay.author_name = (essay.author_name or "").strip()
    if not essay.author_name:
        raise ServiceError("essay_author", _("请选择作者或填写作者姓名"), field="author_name")
    if not _within(essay.region, essay.campaign.region):
        raise ServiceError(
            "essay_outside_campaign",
            _("所选区划不在专题“%(campaign)s”的范围内") % {"campaign": essay.campaign.name},
            field="region",
        )
    _clean_fields(essay, exclude=["submitted_by", "reviewed_by"])
    essay.submitted_by = user_or_none(user)
    essay.save()
    essay.log_action(
        "sanwei.essay.submitted",
        user=user,
        data={"title": essay.title, "region": essay.region.code, "source": essay.source},
    )
    return essay


@transaction.atomic
def review_essay(
    essay: Essay,
    *,
    score: int | None,
    comment: str = "",
    excellent: bool = False,
    user=None,
) -> Essay:
    """Score (0–100, or none), comment, and mark excellent or not."""
    require_that(rules.may_review_essay(user, essay), REVIEW_ESSAYS)
    Essay.unscoped.select_for_update().get(pk=essay.pk)
    if score is not None and not 0 <= score <= SCORE_MAX:
        raise ServiceError("essay_score", _("评分应在0到100之间"), field="score")
    if not excellent and Recommendation.unscoped.filter(essay=essay).exists():
        raise ServiceError(
            "essay_recommended",
            _("该心得已推荐上报，不能取消优秀"),
            field="is_excellent",
        )
    essay.score = score
    essay.review_comment = (comment or "").strip()
    essay.is_excellent = bool(excellent)
    essay.reviewed_by = user_or_none(user)
    essay.reviewed_at = timezone.now()
    Essay.unscoped.filter(pk=essay.pk).update(
        score=essay.score,
        review_comment=essay.review_comment,
        is_excellent=essay.is_excellent,
        reviewed_by=essay.reviewed_by,
        reviewed_at=essay.reviewed_at,
    )
    essay.log_action(
        "sanwei.essay.reviewed",
        user=user,
        data={"score": score, "excellent": essay.is_excellent},
    )
    return essay


@transaction.atomic
def recommend_essay(
    essay: Essay,
    *,
    department: str,
    recommended_on: dt.date | None = None,
    note: str = "",
    user=None,
) -> Recommendation:
    """Record that an excellent essay was recommended upward (推介), to whom and when."""
    require_that(rules.may_review_essay(user, essay), REVIEW_ESSAYS)
    locked = Essay.unscoped.select_for_update().get(pk=essay.pk)
    if not locked.is_excellent:
        raise ServiceError(
            "essay_not_excellent", _("只有评为优秀的心得才能推荐上报"), field="department"
        )
    department = (department or "").strip()
    if not department:
        raise ServiceError("recommend_department", _("请填写推荐至哪个部门"), field="department")
    recommended_on = recommended_on or local_today()
    if recommended_on > local_today():
        raise ServiceError("recommend_date", _("推荐日期不能晚于今天"), field="recommended_on")
    recommendation = Recommendation(
        essay=essay, department=department, recommended_on=recommended_on, note=note or ""
    )
    _clean_fields(recommendation, exclude=["created_by"])
    recommendation.created_by = user_or_none(user)
    recommendation.save()
    recommendation.log_action(
        "sanwei.essay.recommended",
        user=user,
        data={"essay": essay.pk, "department": department, "on": str(recommended_on)},
    )
    return recommendation


def delete_essay(essay: Essay, *, user=None) -> None:
    """An essay collected by mistake; one already recommended upward is kept."""
    require_that(rules.may_submit_essay(user, essay), SUBMIT_ESSAYS)
    if Recommendation.unscoped.filter(essay=essay).exists():
        raise ServiceError(
            "essay_recommended", _("心得“%(title)s”已推荐上报，不能删除") % {"title": essay.title}
        )
    essay.delete_logged(
        "sanwei.essay.deleted",
        user=user,
        data={"title": essay.title, "region": essay.region.code},
        in_use_code="essay_in_use",
        in_use_message=_("心得“%(title)s”已被引用，不能删除") % {"title": essay.title},
    )


def anthology_order(essays: QuerySet[Essay]) -> QuerySet[Essay]:
    """The anthology's order: by region, the best score first, then as submitted."""
    return essays.order_by("region__path", F("score").desc(nulls_last=True), "submitted_at", "pk")


def anthology(essays: QuerySet[Essay], *, region_name: str, made_on: dt.date | None = None):
    """The excellent essays among `essays` (already scoped and filtered) as one .docx."""
    chosen = anthology_order(essays.filter(is_excellent=True).select_related("region"))
    return wordfiles.anthology_docx(
        [
            wordfiles.AnthologyEssay(
                title=e.title, author=e.author_name, region=e.region.name, body=e.body
            )
            for e in chosen
        ],
        title=_("“读报告、谈体会”优秀心得体会选编"),
        region_name=region_name,
        made_on=made_on or local_today(),
    )
