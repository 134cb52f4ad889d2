"""学习与心得 API: the same scoping, permissions and service rules as the pages.

- `GET /series`, `POST /series`, `GET /series/{series_pk}` (its sessions with presenters
  and each participant's attendance rate), `POST /series/{series_pk}/participants`,
  `POST /series/{series_pk}/plan-next` (create the next session on the series' rule),
  `POST /series/{series_pk}/sessions` (link an existing youth_study activity),
  `POST /participants/{participant_pk}/leave`,
  `POST /sessions/{session_pk}/presentations`;
- `GET /essays`, `POST /essays` (typed text; a .docx is uploaded on the page),
  `GET /essays/{essay_pk}`, `POST /essays/{essay_pk}/review`,
  `POST /essays/{essay_pk}/recommend`, `GET /essays/counts` (per region with children).
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from sanwei.accounts.permissions import require
from sanwei.activities.models import Activity, Campaign
from sanwei.core.api import ApiRouter, DbId, LocalTime, Paginator, RegionFields, referenced
from sanwei.core.errors import ServiceError
from sanwei.core.filters import filtered
from sanwei.people.models import Person
from sanwei.regions.models import Region
from sanwei.regions.services import region_by_code

from . import figures, services
from .filters import EssayFilter, SeriesFilter
from .models import (
    SCORE_MAX,
    Essay,
    Participant,
    Recommendation,
    SeriesRule,
    StudySeries,
    StudySession,
    Weekday,
    WeekOfMonth,
)
from .permissions import CHANGE_STUDY, REVIEW_ESSAYS, SUBMIT_ESSAYS, VIEW_STUDY

router = ApiRouter(tags=["study"])


class _With:
    """An object with a few more attributes for an output schema (its resolvers still see
    the object's own fields and methods)."""

    def __init__(self, obj, **extra) -> None:
        self._obj = obj
        self.__dict__.update(extra)

    def __getattr__(self, name: str):
        return getattr(self._obj, name)


# --------------------------------------------------------------------------- series


class SeriesOut(RegionFields):
    id: int
    title: str
    campaign_id: int
    rule: SeriesRule
    rule_display: str
    day_of_month: int | None
    week_of_month: int | None
    weekday: int | None
    start_time: LocalTime
    duration_minutes: int
    place: str

    @staticmethod
    def resolve_rule_display(obj: StudySeries) -> str:
        return obj.rule_display()


class SeriesIn(Schema):
    title: str = Field(..., min_length=1, max_length=100)
    campaign_id: DbId
    region: str = Field(..., description="区划代码")
    rule: SeriesRule
    day_of_month: int | None = Field(None, ge=1, le=31)
    week_of_month: WeekOfMonth | None = None
    weekday: Weekday | None = None
    start_time: LocalTime = Field(dt.time(15, 0), description="开始时间，如 15:00")
    duration_minutes: int = Field(120, ge=15, le=720)
    place: str = Field("", max_length=200)


class PresentationOut(Schema):
    id: int
    person_id: int
    person_name: str
    topic: str
    summary: str


class SessionOut(Schema):
    id: int
    activity_id: int
    title: str
    starts_at: dt.datetime
    held: bool
    presentations: list[PresentationOut]


class RateOut(Schema):
    person_id: int
    person_name: str
    joined_on: dt.date
    left_on: dt.date | None
    held: int = Field(..., description="成为成员期间已举行的座谈次数")
    attended: int = Field(..., description="其中参加的次数")
    rate: Decimal | None = Field(..., description="参加率（%），一位小数；未举行时为 null")


class SeriesDetailOut(SeriesOut):
    next_date: dt.date | None = Field(..., description="按规则的下一次日期；专题结束后为 null")
    sessions: list[SessionOut]
    participants: list[RateOut]


def _series_qs():
    return StudySeries.objects.select_related("region", "campaign__region")


@router.get("/series", response=list[SeriesOut])
@paginate(Paginator, page_size=50)
def list_series(request, campaign: DbId | None = None, region: str | None = None):
    require(request.user, VIEW_STUDY)
    return filtered(SeriesFilter, request, _series_qs()).order_by("region__path", "title", "pk")


def _series_detail(series: StudySeries) -> _With:
    now = timezone.now()
    sessions = (
        StudySession.objects.filter(series=series)
        .select_related("activity")
        .prefetch_related("presentations__person")
        .order_by("activity__starts_at", "pk")
    )
    return _With(
        series,
        next_date=services.proposed_date(series),
        sessions=[
            {
                "id": s.pk,
                "activity_id": s.activity_id,
                "title": s.activity.title,
                "starts_at": s.activity.starts_at,
                "held": s.activity.starts_at <= now,
                "presentations": [
                    {
                        "id": p.pk,
                        "person_id": p.person_id,
                        "person_name": p.person.name,
                        "topic": p.topic,
                        "summary": p.summary,
                    }
                    for p in s.presentations.all()
                ],
            }
            for s in sessions
        ],
        participants=[
            {
                "person_id": r.participant.person_id,
                "person_name": r.participant.person.name,
                "joined_on": r.participant.joined_on,
                "left_on": r.participant.left_on,
                "held": r.held,
                "attended": r.attended,
                "rate": r.rate,
            }
            for r in services.attendance_rates(series, now=now)
        ],
    )


@router.get("/series/{series_pk}", response=SeriesDetailOut)
def get_series(request, series_pk: DbId):
    series = get_object_or_404(_series_qs(), pk=series_pk)
    require(request.user, VIEW_STUDY, series.region)
    return _series_detail(series)


@router.post("/series", response={201: SeriesOut})
def create_series(request, payload: SeriesIn):
    require(request.user, CHANGE_STUDY)
    region = region_by_code(payload.region)
    campaign = referenced(
        Campaign.objects.all(), payload.campaign_id, field="campaign_id", message="专题不存在"
    )
    series = StudySeries(
        title=payload.title,
        campaign=campaign,
        region=region,
        rule=payload.rule,
        day_of_month=payload.day_of_month,
        week_of_month=payload.week_of_month,
        weekday=payload.weekday,
        start_time=payload.start_time,
        duration_minutes=payload.duration_minutes,
        place=payload.place,
    )
    services.save_series(series, user=request.user)
    return Status(201, get_object_or_404(_series_qs(), pk=series.pk))


class ParticipantIn(Schema):
    person_id: DbId
    joined_on: dt.date | None = None


@router.post("/series/{series_pk}/participants", response={201: SeriesDetailOut})
def add_participant(request, series_pk: DbId, payload: ParticipantIn):
    series = get_object_or_404(_series_qs(), pk=series_pk)
    require(request.user, CHANGE_STUDY, series.region)
    person = referenced(
        Person.objects.all(), payload.person_id, field="person_id", message="人员不存在"
    )
    services.add_participant(series, person, joined_on=payload.joined_on, user=request.user)
    return Status(201, _series_detail(series))


@router.post("/series/{series_pk}/plan-next", response={201: SessionOut})
def plan_next(request, series_pk: DbId):
    """Create the next session (a 青年干部学习座谈 activity) on the series' rule."""
    series = get_object_or_404(_series_qs(), pk=series_pk)
    require(request.user, CHANGE_STUDY, series.region)
    session = services.plan_next_session(series, user=request.user)
    return Status(
        201,
        {
            "id": session.pk,
            "activity_id": session.activity_id,
            "title": session.activity.title,
            "starts_at": session.activity.starts_at,
            "held": False,
            "presentations": [],
        },
    )


class LinkIn(Schema):
    activity_id: DbId = Field(..., description="本专题、本区划内的青年干部学习座谈活动")


@router.post("/series/{series_pk}/sessions", response={201: SessionOut})
def link_session(request, series_pk: DbId, payload: LinkIn):
    """An existing youth_study activity becomes a session of the series."""
    series = get_object_or_404(_series_qs(), pk=series_pk)
    require(request.user, CHANGE_STUDY, series.region)
    activity = referenced(
        Activity.objects.select_related("activity_type", "region"),
        payload.activity_id,
        field="activity_id",
        message="活动不存在",
    )
    session = services.link_session(series, activity, user=request.user)
    return Status(
        201,
        {
            "id": session.pk,
            "activity_id": activity.pk,
            "title": activity.title,
            "starts_at": activity.starts_at,
            "held": activity.starts_at <= timezone.now(),
            "presentations": [],
        },
    )


class LeaveIn(Schema):
    left_on: dt.date | None = Field(None, description="退出日期；不填为今天")


@router.post("/participants/{participant_pk}/leave", response=SeriesDetailOut)
def leave_series(request, participant_pk: DbId, payload: LeaveIn):
    participant = get_object_or_404(
        Participant.objects.select_related("series__region", "series__campaign"),
        pk=participant_pk,
    )
    require(request.user, CHANGE_STUDY, participant.series.region)
    services.remove_participant(participant, left_on=payload.left_on, user=request.user)
    return _series_detail(participant.series)


class PresentationIn(Schema):
    person_id: DbId
    topic: str = Field(..., min_length=1, max_length=200)
    summary: str = ""


@router.post("/sessions/{session_pk}/presentations", response={201: PresentationOut})
def add_presentation(request, session_pk: DbId, payload: PresentationIn):
    session = get_object_or_404(
        StudySession.objects.select_related("series__region", "activity"), pk=session_pk
    )
    require(request.user, CHANGE_STUDY, session.series.region)
    person = referenced(
        Person.objects.all(), payload.person_id, field="person_id", message="人员不存在"
    )
    p = services.add_presentation(
        session, person, topic=payload.topic, summary=payload.summary, user=request.user
    )
    return Status(
        201,
        {
            "id": p.pk,
            "person_id": person.pk,
            "person_name": person.name,
            "topic": p.topic,
            "summary": p.summary,
        },
    )


# --------------------------------------------------------------------------- essays


class RecommendationOut(Schema):
    id: int
    department: str
    recommended_on: dt.date
    note: str


class EssayOut(RegionFields):
    id: int
    title: str
    campaign_id: int
    author_id: int | None
    author_name: str
    source: str
    submitted_at: dt.datetime
    score: int | None
    review_comment: str
    is_excellent: bool
    recommended: bool
    reviewed_at: dt.datetime | None


class EssayDetailOut(EssayOut):
    body: str
    recommendations: list[RecommendationOut]


class EssayIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    body: str = Field(..., min_length=1, max_length=100000)
    campaign_id: DbId
    region: str = Field(..., description="区划代码")
    author_id: DbId | None = Field(None, description="名册中的作者；不填则填写 author_name")
    author_name: str = Field("", max_length=50)


class EssayReviewIn(Schema):
    score: int | None = Field(None, ge=0, le=SCORE_MAX)
    comment: str = Field("", max_length=5000)
    excellent: bool = False


class RecommendIn(Schema):
    department: str = Field(..., min_length=1, max_length=100)
    recommended_on: dt.date | None = None
    note: str = Field("", max_length=200)


def _essays():
    recommended = Exists(Recommendation.unscoped.filter(essay=OuterRef("pk")))
    return Essay.objects.select_related("region").annotate(recommended=recommended)


def _essay_detail(essay_pk: int) -> _With:
    essay = get_object_or_404(_essays(), pk=essay_pk)
    return _With(essay, recommendations=list(Recommendation.objects.filter(essay=essay)))


@router.get("/essays", response=list[EssayOut])
@paginate(Paginator, page_size=100)
def list_essays(
    request,
    q: str | None = None,
    campaign: DbId | None = None,
    region: str | None = None,
    excellent: bool | None = None,
    recommended: bool | None = None,
):
    require(request.user, VIEW_STUDY)
    return filtered(EssayFilter, request, _essays()).order_by("-submitted_at", "-pk")


class EssayCountsOut(Schema):
    region: str
    region_name: str
    collected: int
    excellent: int
    recommended: int


class EssayFiguresOut(Schema):
    total: EssayCountsOut
    children: list[EssayCountsOut]


def _counts(c: figures.EssayCounts) -> dict:
    return {
        "region": c.region.code,
        "region_name": c.region.name,
        "collected": c.collected,
        "excellent": c.excellent,
        "recommended": c.recommended,
    }


@router.get("/essays/counts", response=EssayFiguresOut)
def essay_counts(request, region: str | None = None, campaign: DbId | None = None):
    """Collected, excellent and recommended essays of a region (default: the caller's
    topmost) and of each of its child regions."""
    require(request.user, VIEW_STUDY)
    chosen = region_by_code(region) if region else Region.objects.order_by("level", "path").first()
    if chosen is None:
        raise ServiceError("region_unknown", "区划不存在或不在您的管辖范围内", field="region")
    chosen_campaign = referenced(
        Campaign.objects.all(), campaign, field="campaign", message="专题不存在"
    )
    result = figures.essay_figures(chosen, campaign=chosen_campaign)
    return {"total": _counts(result.total), "children": [_counts(c) for c in result.children]}


@router.get("/essays/{essay_pk}", response=EssayDetailOut)
def get_essay(request, essay_pk: DbId):
    essay = get_object_or_404(Essay.objects.select_related("region"), pk=essay_pk)
    require(request.user, VIEW_STUDY, essay.region)
    return _essay_detail(essay.pk)


@router.post("/essays", response={201: EssayDetailOut})
def submit_essay(request, payload: EssayIn):
    """An essay's typed text (a .docx is uploaded on the page, where its checks run)."""
    require(request.user, SUBMIT_ESSAYS)
    region = region_by_code(payload.region)
    campaign = referenced(
        Campaign.objects.all(), payload.campaign_id, field="campaign_id", message="专题不存在"
    )
    author = referenced(
        Person.objects.all(), payload.author_id, field="author_id", message="人员不存在"
    )
    essay = Essay(
        title=payload.title,
        body=payload.body,
        campaign=campaign,
        region=region,
        author=author,
        author_name=payload.author_name,
    )
    services.submit_essay(essay, user=request.user)
    return Status(201, _essay_detail(essay.pk))


@router.post("/essays/{essay_pk}/review", response=EssayDetailOut)
def review_essay(request, essay_pk: DbId, payload: EssayReviewIn):
    essay = get_object_or_404(Essay.objects.select_related("region"), pk=essay_pk)
    require(request.user, REVIEW_ESSAYS, essay.region)
    services.review_essay(
        essay,
        score=payload.score,
        comment=payload.comment,
        excellent=payload.excellent,
        user=request.user,
    )
    return _essay_detail(essay.pk)


@router.post("/essays/{essay_pk}/recommend", response={201: EssayDetailOut})
def recommend_essay(request, essay_pk: DbId, payload: RecommendIn):
    essay = get_object_or_404(Essay.objects.select_related("region"), pk=essay_pk)
    require(request.user, REVIEW_ESSAYS, essay.region)
    services.recommend_essay(
        essay,
        department=payload.department,
        recommended_on=payload.recommended_on,
        note=payload.note,
        user=request.user,
    )
    return Status(201, _essay_detail(essay.pk))
