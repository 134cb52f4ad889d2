"""Courtyard meetings and the public board in the API (mounted under /api/v1/seminar
beside the opinion loop's router):

- `GET /meetings` (MeetingFilter: q, region, campaign, closed, date_from, date_to),
  `GET /meetings/{meeting_pk}`, `POST /meetings` (a new 屋场会: its activity and record),
  `POST /meetings/{meeting_pk}/close` (minutes; the attendee count defaults to the
  recorded persons plus the head count);
- `GET /meetings/{meeting_pk}/hosts`, `POST /meetings/{meeting_pk}/hosts`,
  `DELETE /meetings/{meeting_pk}/hosts/{host_pk}`;
- `POST /meetings/{meeting_pk}/opinions`: an opinion raised at the meeting;
- `GET /boards/{region_code}`: a village's public board as residents see it (no personal
  data), with its public link when the board is open.

The pages' scoping, permissions and services: another region's meeting is a 404, a
missing permission a 403."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from sanwei.accounts.permissions import require
from sanwei.activities.models import Activity, Campaign
from sanwei.activities.permissions import CHANGE_ACTIVITIES, VIEW_ACTIVITIES
from sanwei.core.api import ApiRouter, DbCount, DbId, Paginator, SiteDateTime, referenced
from sanwei.core.filters import filtered
from sanwei.people.models import Person
from sanwei.regions.models import Region
from sanwei.regions.services import region_by_code
from sanwei.teams.models import Team

from . import board as boards
from . import meetings
from .filters_meetings import MeetingFilter
from .meetings import HOST_NAME_MAX, MINUTES_MAX_CHARS
from .models import OPINION_MAX_CHARS, CourtyardMeeting, HostStanding, MeetingHost, Opinion
from .permissions import CHANGE_OPINIONS, VIEW_OPINIONS

router = ApiRouter(tags=["seminar"])


class HostOut(Schema):
    id: int
    person_id: int | None
    name: str
    standing: HostStanding
    standing_display: str

    @staticmethod
    def resolve_standing_display(obj: MeetingHost) -> str:
        return str(obj.get_standing_display())


class MeetingOut(Schema):
    id: int
    activity_id: int
    title: str
    region: str = Field(..., description="区划代码")
    region_name: str
    campaign_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    audience_headcount: int
    attended_persons: int = Field(..., description="已登记的参会人数（去重）")
    default_attendee_count: int = Field(..., description="结束登记时默认的参会人数")
    attendee_count: int | None
    minutes: str
    closed_at: dt.datetime | None
    opinion_count: int
    hosts: list[HostOut]

    @staticmethod
    def resolve_title(obj: CourtyardMeeting) -> str:
        return obj.activity.title

    @staticmethod
    def resolve_region(obj: CourtyardMeeting) -> str:
        return obj.activity.region.code

    @staticmethod
    def resolve_region_name(obj: CourtyardMeeting) -> str:
        return obj.activity.region.name

    @staticmethod
    def resolve_campaign_id(obj: CourtyardMeeting) -> int:
        return obj.activity.campaign_id

    @staticmethod
    def resolve_starts_at(obj: CourtyardMeeting) -> dt.datetime:
        return obj.activity.starts_at

    @staticmethod
    def resolve_ends_at(obj: CourtyardMeeting) -> dt.datetime:
        return obj.activity.ends_at

    @staticmethod
    def resolve_place(obj: CourtyardMeeting) -> str:
        return obj.activity.place

    @staticmethod
    def resolve_audience_headcount(obj: CourtyardMeeting) -> int:
        return obj.activity.audience_headcount or 0

    @staticmethod
    def resolve_attended_persons(obj: CourtyardMeeting) -> int:
        return meetings.attended_persons(obj)

    @staticmethod
    def resolve_default_attendee_count(obj: CourtyardMeeting) -> int:
        return meetings.default_attendee_count(obj)

    @staticmethod
    def resolve_opinion_count(obj: CourtyardMeeting) -> int:
        return Opinion.unscoped.filter(meeting=obj).count()

    @staticmethod
    def resolve_hosts(obj: CourtyardMeeting) -> list[MeetingHost]:
        return list(MeetingHost.unscoped.filter(meeting=obj).order_by("id"))


class MeetingIn(Schema):
    title: str = Field("屋场会", min_length=1, max_length=200)
    campaign_id: DbId
    region: str = Field(..., description="区划代码（村或村民小组）")
    organising_team_id: DbId | None = None
    starts_at: SiteDateTime
    ends_at: SiteDateTime
    place: str = Field("", max_length=200)
    audience_headcount: DbCount = 0
    notes: str = ""


class CloseIn(Schema):
    minutes: str = Field("", max_length=MINUTES_MAX_CHARS)
    attendee_count: DbCount | None = Field(
        None, description="参会人数；不填则按已登记的人数加未登记人数计"
    )


class HostIn(Schema):
    standing: HostStanding
    person_id: DbId | None = Field(None, description="本村群众；不填则填写 name")
    name: str = Field("", max_length=HOST_NAME_MAX)


class OpinionIn(Schema):
    text: str = Field(..., max_length=OPINION_MAX_CHARS)
    raised_by_id: DbId | None = Field(None, description="提出人（本村群众）")
    raised_by_name: str = Field("", max_length=50, description="或提出人姓名")


class OpinionCreatedOut(Schema):
    id: int
    code: str
    state: str
    meeting_id: int


class BoardEntryOut(Schema):
    code: str
    raised_on: dt.date
    text: str
    state: str
    state_label: str
    group: str
    category: str
    at_meeting: bool
    handler: str = Field(..., description="承办单位，或“村委会”；不含个人")
    due_on: dt.date | None
    reply: str
    answered_on: dt.date | None
    decision: str
    decision_reason: str
    closed_on: dt.date | None


class BoardOut(Schema):
    region: str
    region_name: str
    public_url: str | None = Field(..., description="公开栏地址（未开设时为空）")
    qr_url: str | None
    opinions: int
    answered: int
    adopted: int
    entries: list[BoardEntryOut]


def _meetings():
    return CourtyardMeeting.objects.select_related(
        "activity", "activity__region", "activity__campaign"
    )


def _meeting_or_404(meeting_pk: int) -> CourtyardMeeting:
    return get_object_or_404(_meetings(), pk=meeting_pk)


@router.get("/meetings", response=list[MeetingOut])
@paginate(Paginator, page_size=50)
def list_meetings(
    request: HttpRequest,
    q: str | None = None,
    region: str | None = None,
    campaign: DbId | None = None,
    closed: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
):
    """Meetings in the caller's regions, the latest first."""
    require(request.user, VIEW_ACTIVITIES)
    return filtered(MeetingFilter, request, _meetings()).order_by("-activity__starts_at", "-id")


@router.get("/meetings/{meeting_pk}", response=MeetingOut)
def get_meeting(request: HttpRequest, meeting_pk: DbId):
    meeting = _meeting_or_404(meeting_pk)
    require(request.user, VIEW_ACTIVITIES, meeting.activity.region)
    return meeting


@router.post("/meetings", response={201: MeetingOut})
def create_meeting(request: HttpRequest, payload: MeetingIn):
    require(request.user, CHANGE_ACTIVITIES)
    data = payload.dict()
    activity = Activity(
        title=data["title"],
        region=region_by_code(data["region"]),
        campaign=referenced(
            Campaign.objects.all(),
            data["campaign_id"],
            field="campaign_id",
            message="专题不存在或不在您的管辖范围内",
        ),
        organising_team=referenced(
            Team.objects.all(),
            data["organising_team_id"],
            field="organising_team_id",
            message="组织队伍不存在或不在您的管辖范围内",
        ),
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        place=data["place"],
        audience_headcount=data["audience_headcount"],
        notes=data["notes"],
    )
    meeting = meetings.create_meeting(activity, user=request.user)
    return Status(201, _meeting_or_404(meeting.pk))


@router.post("/meetings/{meeting_pk}/close", response=MeetingOut)
def close_meeting(request: HttpRequest, meeting_pk: DbId, payload: CloseIn):
    meeting = _meeting_or_404(meeting_pk)
    require(request.user, CHANGE_ACTIVITIES, meeting.activity.region)
    meetings.close_meeting(
        meeting, minutes=payload.minutes, attendee_count=payload.attendee_count, user=request.user
    )
    return _meeting_or_404(meeting.pk)


@router.get("/meetings/{meeting_pk}/hosts", response=list[HostOut])
def list_hosts(request: HttpRequest, meeting_pk: DbId):
    meeting = _meeting_or_404(meeting_pk)
    require(request.user, VIEW_ACTIVITIES, meeting.activity.region)
    return list(MeetingHost.objects.filter(meeting=meeting).order_by("id"))


@router.post("/meetings/{meeting_pk}/hosts", response={201: HostOut})
def add_host(request: HttpRequest, meeting_pk: DbId, payload: HostIn):
    meeting = _meeting_or_404(meeting_pk)
    require(request.user, CHANGE_ACTIVITIES, meeting.activity.region)
    person = referenced(
        Person.objects.select_related("region"),
        payload.person_id,
        field="person_id",
        message="群众不存在或不在您的管辖范围内",
    )
    host = meetings.add_host(
        meeting, standing=payload.standing, person=person, name=payload.name, user=request.user
    )
    return Status(201, host)


@router.delete("/meetings/{meeting_pk}/hosts/{host_pk}", response={204: None})
def remove_host(request: HttpRequest, meeting_pk: DbId, host_pk: DbId):
    meeting = _meeting_or_404(meeting_pk)
    host = get_object_or_404(MeetingHost.objects.filter(meeting=meeting), pk=host_pk)
    require(request.user, CHANGE_ACTIVITIES, meeting.activity.region)
    meetings.remove_host(host, user=request.user)
    return Status(204, None)


@router.post("/meetings/{meeting_pk}/opinions", response={201: OpinionCreatedOut})
def record_opinion(request: HttpRequest, meeting_pk: DbId, payload: OpinionIn):
    meeting = _meeting_or_404(meeting_pk)
    require(request.user, CHANGE_OPINIONS, meeting.activity.region)
    raised_by = referenced(
        Person.objects.select_related("region"),
        payload.raised_by_id,
        field="raised_by_id",
        message="群众不存在或不在您的管辖范围内",
    )
    opinion = meetings.record_opinion(
        meeting,
        text=payload.text,
        raised_by=raised_by,
        raised_by_name=payload.raised_by_name,
        user=request.user,
    )
    return Status(201, opinion)


@router.get("/boards/{region_code}", response=BoardOut)
def get_board(request: HttpRequest, region_code: str):
    """A village's board as residents see it (all its entries), and its public link."""
    region = get_object_or_404(Region.objects, code=region_code)
    require(request.user, VIEW_OPINIONS, region)
    board = boards.board_of(region)
    preview = board or boards.PublicBoard(region=region)
    figures = boards.board_figures(preview)
    return {
        "region": region.code,
        "region_name": region.name,
        "public_url": request.build_absolute_uri(reverse("opinion_board", args=[board.code]))
        if board
        else None,
        "qr_url": reverse("opinion_board_qr", args=[board.code]) if board else None,
        "opinions": figures.opinions,
        "answered": figures.answered,
        "adopted": figures.adopted,
        "entries": [e.__dict__ for e in boards.board_entries(preview)],
    }
