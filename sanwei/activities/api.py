"""API v1 for campaigns, activity types, activities and attendance (/api/v1/activities/).

The same scoped managers, permissions and service functions as the pages: another
region's object is a 404, a missing permission a 403, a refused rule a 400
{code, message, field}. Referenced ids in a body (region_id, campaign_id …) are resolved
through the scoped managers, so one outside the caller's scope is a 400 on that field.
"""

from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from sanwei.accounts.permissions import (
    CHANGE_ACTIVITIES,
    CHANGE_ACTIVITY_TYPES,
    CHANGE_CAMPAIGNS,
    RECORD_ATTENDANCE,
    VIEW_ACTIVITIES,
    require,
)
from sanwei.core.api import (
    ApiRouter,
    DbCount,
    DbId,
    DbSmallCount,
    Paginator,
    RegionFields,
    SiteDateTime,
    patch_schema,
    referenced,
)
from sanwei.core.filters import filtered
from sanwei.people.models import Person
from sanwei.regions.services import region_by_code
from sanwei.teams.models import Team

from . import services
from .filters import ActivityFilter, CampaignFilter
from .models import (
    CHECKIN_MAX_MINUTES,
    Activity,
    ActivityType,
    Attendance,
    AttendanceRole,
    Campaign,
    Mode,
    Pillar,
    RecordedVia,
)

router = ApiRouter(tags=["activities"])

PAGE_SIZE = 50


# --------------------------------------------------------------------------- schemas


class CampaignOut(RegionFields):
    id: int
    name: str
    theme: str
    starts_on: date
    ends_on: date
    target_person_coverage: int
    target_household_coverage: int
    description: str


class CampaignIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    theme: str = Field("", max_length=200)
    region: str = Field(..., description="区划代码")
    starts_on: date
    ends_on: date
    target_person_coverage: int = Field(100, ge=0, le=100)
    target_household_coverage: int = Field(100, ge=0, le=100)
    description: str = ""


CampaignPatch = patch_schema(CampaignIn, "CampaignPatch")


class CampaignSummaryOut(CampaignOut):
    activity_count: int
    activities_by_pillar: dict[str, int]
    person_times: int
    audience_person_times: int
    distinct_people: int


class ActivityTypeOut(Schema):
    id: int
    code: str
    name: str
    pillar: Pillar
    description: str
    is_delivery: bool
    is_active: bool
    sort_order: int


class ActivityTypeIn(Schema):
    code: str = Field(..., min_length=1, max_length=40, pattern=r"^[-a-zA-Z0-9_]+$")
    name: str = Field(..., min_length=1, max_length=50)
    pillar: Pillar
    description: str = Field("", max_length=200)
    is_delivery: bool = False
    is_active: bool = True
    sort_order: DbSmallCount = 0


ActivityTypePatch = patch_schema(ActivityTypeIn, "ActivityTypePatch")


class ActivityOut(RegionFields):
    id: int
    code: str
    title: str
    activity_type_id: int
    activity_type_name: str = Field(..., alias="activity_type.name")
    pillar: Pillar = Field(..., alias="activity_type.pillar")
    campaign_id: int
    organising_team_id: int | None
    main_session_id: int | None
    starts_at: datetime
    ends_at: datetime
    place: str
    mode: Mode
    audience_headcount: int
    notes: str
    checkin_opens_before: int
    checkin_closes_after: int


class CountsOut(Schema):
    by_role: dict[str, int]
    registered: int
    audience_headcount: int
    audience_person_times: int
    person_times: int
    volunteer_hours: float


class ActivityDetailOut(ActivityOut):
    counts: CountsOut
    sub_venue_ids: list[int]


class ActivityIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    activity_type_id: DbId
    campaign_id: DbId
    region: str = Field(..., description="区划代码")
    organising_team_id: DbId | None = None
    main_session_id: DbId | None = None
    starts_at: SiteDateTime
    ends_at: SiteDateTime
    place: str = Field("", max_length=200)
    mode: Mode = Mode.OFFLINE
    audience_headcount: DbCount = 0
    notes: str = ""
    checkin_opens_before: int = Field(
        60, ge=0, le=CHECKIN_MAX_MINUTES, description="扫码签到在开始前多少分钟开放"
    )
    checkin_closes_after: int = Field(
        120, ge=0, le=CHECKIN_MAX_MINUTES, description="扫码签到在结束后多少分钟关闭"
    )


ActivityPatch = patch_schema(ActivityIn, "ActivityPatch")


class ActivityFilters(Schema):
    pillar: Pillar | None = None
    activity_type_id: DbId | None = None
    campaign_id: DbId | None = None
    region: str | None = Field(None, description="区划代码：该区划及其下级")
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None


class AttendanceOut(Schema):
    id: int
    activity_id: int
    person_id: int
    person_name: str = Field(..., alias="person.name")
    role: AttendanceRole
    hours: float
    recorded_via: RecordedVia
    recorded_at: datetime


class AttendanceIn(Schema):
    person_id: DbId
    role: AttendanceRole = AttendanceRole.AUDIENCE
    hours: Decimal = Field(Decimal(0), ge=0, le=24)
    via: RecordedVia = RecordedVia.MANUAL


# --------------------------------------------------------------------------- helpers


def _activity_or_404(activity_pk: DbId) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("activity_type", "region", "campaign"), pk=activity_pk
    )


def _apply_activity(activity: Activity, data: dict) -> None:
    references = {
        "activity_type_id": (
            "activity_type",
            ActivityType.objects.all(),
            _("活动类型不存在"),
        ),
        "campaign_id": ("campaign", Campaign.objects.all(), _("专题不存在或不在您的管辖范围内")),
        "organising_team_id": (
            "organising_team",
            Team.objects.all(),
            _("组织队伍不存在或不在您的管辖范围内"),
        ),
        "main_session_id": (
            "main_session",
            Activity.objects.all(),
            _("主会场不存在或不在您的管辖范围内"),
        ),
    }
    for key, value in data.items():
        if key == "region":
            activity.region = region_by_code(value)
        elif key in references:
            name, queryset, message = references[key]
            setattr(activity, name, referenced(queryset, value, field=key, message=message))
        else:
            setattr(activity, key, value)


def _activity_detail(activity: Activity) -> Activity:
    """The activity with its counts and sub-venues attached, for ActivityDetailOut."""
    counts = services.counts_for(activity)
    activity.counts = {
        "by_role": {value: n for value, _label, n in counts.by_role},
        "registered": counts.registered,
        "audience_headcount": counts.audience_headcount,
        "audience_person_times": counts.audience_person_times,
        "person_times": counts.person_times,
        "volunteer_hours": float(counts.volunteer_hours),
    }
    activity.sub_venue_ids = list(
        Activity.objects.filter(main_session=activity).values_list("pk", flat=True)
    )
    return activity


def _campaign_or_404(campaign_pk: DbId) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("region"), pk=campaign_pk)


def _apply_campaign(campaign: Campaign, data: dict) -> None:
    for key, value in data.items():
        if key == "region":
            campaign.region = region_by_code(value)
        else:
            setattr(campaign, key, value)


# --------------------------------------------------------------------------- campaigns
# Static paths come before "/{activity_pk}" (an int converter, so they cannot clash).


@router.get("/campaigns", response=list[CampaignOut])
@paginate(Paginator, page_size=PAGE_SIZE)
def list_campaigns(request: HttpRequest):
    require(request.user, VIEW_ACTIVITIES)
    return filtered(CampaignFilter, request, Campaign.objects.select_related("region"))


@router.post("/campaigns", response={201: CampaignOut})
def create_campaign(request: HttpRequest, payload: CampaignIn):
    require(request.user, CHANGE_CAMPAIGNS)
    campaign = Campaign()
    _apply_campaign(campaign, payload.dict())
    services.save_campaign(campaign, user=request.user)
    return Status(201, campaign)


@router.get("/campaigns/{campaign_pk}", response=CampaignSummaryOut)
def get_campaign(request: HttpRequest, campaign_pk: DbId):
    require(request.user, VIEW_ACTIVITIES)
    campaign = _campaign_or_404(campaign_pk)
    summary = services.campaign_summary(campaign, Activity.objects.all())
    campaign.activity_count = summary.activity_count
    campaign.activities_by_pillar = {value: n for value, _label, n in summary.by_pillar}
    campaign.person_times = summary.person_times
    campaign.audience_person_times = summary.audience_person_times
    campaign.distinct_people = summary.distinct_people
    return campaign


@router.patch("/campaigns/{campaign_pk}", response=CampaignOut)
def update_campaign(request: HttpRequest, campaign_pk: DbId, payload: CampaignPatch):
    campaign = _campaign_or_404(campaign_pk)
    require(request.user, CHANGE_CAMPAIGNS, campaign.region)
    _apply_campaign(campaign, payload.dict(exclude_unset=True))
    services.save_campaign(campaign, user=request.user)
    return campaign


@router.delete("/campaigns/{campaign_pk}", response={204: None})
def delete_campaign(request: HttpRequest, campaign_pk: DbId):
    campaign = _campaign_or_404(campaign_pk)
    require(request.user, CHANGE_CAMPAIGNS, campaign.region)
    services.delete_campaign(campaign, user=request.user)
    return Status(204, None)


# --------------------------------------------------------------------------- activity types


@router.get("/types", response=list[ActivityTypeOut])
@paginate(Paginator, page_size=PAGE_SIZE)
def list_activity_types(request: HttpRequest, pillar: Pillar | None = None):
    require(request.user, VIEW_ACTIVITIES)
    types = ActivityType.objects.order_by("pillar", "sort_order", "name")
    return types.filter(pillar=pillar) if pillar else types


@router.post("/types", response={201: ActivityTypeOut})
def create_activity_type(request: HttpRequest, payload: ActivityTypeIn):
    require(request.user, CHANGE_ACTIVITY_TYPES)
    activity_type = ActivityType(**payload.dict())
    services.save_activity_type(activity_type, user=request.user)
    return Status(201, activity_type)


@router.patch("/types/{activity_type_pk}", response=ActivityTypeOut)
def update_activity_type(request: HttpRequest, activity_type_pk: DbId, payload: ActivityTypePatch):
    require(request.user, CHANGE_ACTIVITY_TYPES)
    activity_type = get_object_or_404(ActivityType.objects, pk=activity_type_pk)
    for key, value in payload.dict(exclude_unset=True).items():
        setattr(activity_type, key, value)
    services.save_activity_type(activity_type, user=request.user)
    return activity_type


@router.delete("/types/{activity_type_pk}", response={204: None})
def delete_activity_type(request: HttpRequest, activity_type_pk: DbId):
    require(request.user, CHANGE_ACTIVITY_TYPES)
    activity_type = get_object_or_404(ActivityType.objects, pk=activity_type_pk)
    services.delete_activity_type(activity_type, user=request.user)
    return Status(204, None)


# --------------------------------------------------------------------------- attendance


@router.delete("/attendance/{attendance_pk}", response={204: None})
def delete_attendance(request: HttpRequest, attendance_pk: DbId):
    attendance = get_object_or_404(
        Attendance.objects.select_related("activity", "activity__region"), pk=attendance_pk
    )
    require(request.user, RECORD_ATTENDANCE, attendance.activity.region)
    services.remove_attendance(attendance, user=request.user)
    return Status(204, None)


# --------------------------------------------------------------------------- activities


@router.get("/", response=list[ActivityOut])
@paginate(Paginator, page_size=PAGE_SIZE)
def list_activities(request: HttpRequest, filters: Query[ActivityFilters]):
    require(request.user, VIEW_ACTIVITIES)
    activities = Activity.objects.select_related("activity_type", "region")
    return filtered(ActivityFilter, request, activities)


@router.post("/", response={201: ActivityDetailOut})
def create_activity(request: HttpRequest, payload: ActivityIn):
    require(request.user, CHANGE_ACTIVITIES)
    activity = Activity()
    _apply_activity(activity, payload.dict())
    services.save_activity(activity, user=request.user)
    return Status(201, _activity_detail(activity))


@router.get("/{activity_pk}", response=ActivityDetailOut)
def get_activity(request: HttpRequest, activity_pk: DbId):
    require(request.user, VIEW_ACTIVITIES)
    return _activity_detail(_activity_or_404(activity_pk))


@router.patch("/{activity_pk}", response=ActivityDetailOut)
def update_activity(request: HttpRequest, activity_pk: DbId, payload: ActivityPatch):
    activity = _activity_or_404(activity_pk)
    require(request.user, CHANGE_ACTIVITIES, activity.region)
    _apply_activity(activity, payload.dict(exclude_unset=True))
    services.save_activity(activity, user=request.user)
    return _activity_detail(activity)


@router.delete("/{activity_pk}", response={204: None})
def delete_activity(request: HttpRequest, activity_pk: DbId):
    activity = _activity_or_404(activity_pk)
    require(request.user, CHANGE_ACTIVITIES, activity.region)
    services.delete_activity(activity, user=request.user)
    return Status(204, None)


@router.get("/{activity_pk}/attendance", response=list[AttendanceOut])
@paginate(Paginator, page_size=PAGE_SIZE)
def list_attendance(request: HttpRequest, activity_pk: DbId):
    require(request.user, VIEW_ACTIVITIES)
    activity = _activity_or_404(activity_pk)
    return Attendance.objects.filter(activity=activity).select_related("person")


@router.post("/{activity_pk}/attendance", response={201: AttendanceOut})
def record_attendance(request: HttpRequest, activity_pk: DbId, payload: AttendanceIn):
    activity = _activity_or_404(activity_pk)
    require(request.user, RECORD_ATTENDANCE, activity.region)
    person = referenced(
        Person.objects.select_related("region"),
        payload.person_id,
        field="person_id",
        message=_("群众不存在或不在您的管辖范围内"),
    )
    attendance = services.record_attendance(
        activity, person, payload.role, payload.hours, payload.via, request.user
    )
    return Status(201, attendance)
