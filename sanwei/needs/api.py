"""群众需求 API (/api/v1/needs): needs (list with the work queue's filters, one, create),
the loop's transitions as actions (`POST /{id}/accept`, …/reject, …/dispatch, …/take,
…/start, …/resolve, …/rate, …/close, …/refer, …/give-back), dispatch suggestions, and
the public tracking by code (no personal data). The same scoping, permissions and service
rules as the pages."""

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from sanwei.accounts.permissions import can, require, require_that
from sanwei.core.api import ApiRouter, DbId, Paginator, RegionFields, referenced
from sanwei.core.errors import ServiceError
from sanwei.core.filters import filtered
from sanwei.people.models import Household, Person
from sanwei.regions.models import RegionLevel
from sanwei.regions.services import region_by_code
from sanwei.teams.models import Team

from . import rules, services
from .filters import NeedFilter
from .models import NEED_MAX_CHARS, Need, NeedCategory, NeedSource, NeedState, Urgency
from .permissions import HANDLE_NEEDS, REGISTER_NEEDS, VIEW_NEEDS

router = ApiRouter(tags=["needs"])


class NeedOut(RegionFields):
    id: int
    code: str
    description: str
    category: str = Field(..., description="类别代码")
    urgency: Urgency
    state: NeedState
    state_display: str
    source: NeedSource
    due_at: dt.datetime | None
    overdue: bool
    team_id: int | None
    team_name: str
    volunteer_id: int | None
    volunteer_name: str
    dispatched_at: dt.datetime | None
    reason: str
    rating: int | None
    rating_comment: str
    created_at: dt.datetime
    actions: list[str] = Field(..., description="当前状态允许的操作")

    @staticmethod
    def resolve_category(obj: Need) -> str:
        return obj.category.code

    @staticmethod
    def resolve_state_display(obj: Need) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_overdue(obj: Need) -> bool:
        return services.is_overdue(obj)

    @staticmethod
    def resolve_team_name(obj: Need) -> str:
        return obj.team.name if obj.team_id else ""

    @staticmethod
    def resolve_volunteer_name(obj: Need) -> str:
        return obj.volunteer.name if obj.volunteer_id else ""

    @staticmethod
    def resolve_actions(obj: Need) -> list[str]:
        return services.allowed_actions(obj.state)


class NeedEventOut(Schema):
    action: str
    from_state: NeedState
    to_state: NeedState
    note: str
    at: dt.datetime


class NeedHoursOut(Schema):
    person_id: int
    person_name: str
    hours: Decimal

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.name


class NeedDetailOut(NeedOut):
    events: list[NeedEventOut]
    resolution_summary: str
    resolved_at: dt.datetime | None
    hours: list[NeedHoursOut]

    @staticmethod
    def resolve_events(obj: Need) -> list:
        return list(obj.events.order_by("at", "pk"))

    @staticmethod
    def resolve_resolution_summary(obj: Need) -> str:
        resolution = services.resolution_of(obj)
        return resolution.summary if resolution else ""

    @staticmethod
    def resolve_resolved_at(obj: Need):
        resolution = services.resolution_of(obj)
        return resolution.resolved_at if resolution else None

    @staticmethod
    def resolve_hours(obj: Need) -> list:
        resolution = services.resolution_of(obj)
        return list(resolution.hours.select_related("person")) if resolution else []


class NewNeedIn(Schema):
    region: str = Field(..., description="村（社区）或村民小组代码")
    description: str = Field(..., max_length=NEED_MAX_CHARS * 2)
    category: str = Field(..., max_length=20, description="需求类别代码")
    urgency: Urgency = Urgency.NORMAL
    source: NeedSource = NeedSource.STAFF
    household_id: DbId | None = None
    person_id: DbId | None = None


class ReasonIn(Schema):
    reason: str = Field(..., max_length=NEED_MAX_CHARS * 2)


class DispatchIn(Schema):
    team_id: DbId | None = None
    volunteer_id: DbId | None = Field(None, description="志愿者（群众）id")


class HoursIn(Schema):
    person_id: DbId
    hours: Decimal = Field(..., ge=0, le=24, decimal_places=2)


class ResolveIn(Schema):
    summary: str = Field(..., max_length=NEED_MAX_CHARS * 2)
    hours: list[HoursIn] = Field(..., max_length=50)


class RateIn(Schema):
    rating: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=NEED_MAX_CHARS * 2)


class DispatchCandidateOut(Schema):
    kind: str
    id: int
    name: str
    region: int = Field(..., description="3 同组，2 同村，1 同镇")
    skills: int
    available: int | None
    load: int

    @staticmethod
    def resolve_id(obj) -> int:
        return obj.obj.pk


class SuggestionsOut(Schema):
    volunteers: list[DispatchCandidateOut]
    squads: list[DispatchCandidateOut]


class PublicEventOut(Schema):
    action: str
    to_state: NeedState
    to_state_display: str
    at: dt.datetime

    @staticmethod
    def resolve_to_state_display(obj) -> str:
        return str(obj.get_to_state_display())


class PublicNeedOut(Schema):
    """What anyone holding the tracking code sees: no name, phone, ID or address."""

    code: str
    category: str
    state: NeedState
    state_display: str
    created_at: dt.datetime
    rating: int | None
    can_rate: bool
    events: list[PublicEventOut]

    @staticmethod
    def resolve_category(obj: Need) -> str:
        return obj.category.name

    @staticmethod
    def resolve_state_display(obj: Need) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_can_rate(obj: Need) -> bool:
        return obj.state == NeedState.RESOLVED

    @staticmethod
    def resolve_events(obj: Need) -> list:
        return list(obj.events.order_by("at", "pk"))


def _needs() -> QuerySet[Need]:
    return Need.objects.select_related("region", "category", "team", "volunteer")


def _need(request, need_pk: int) -> Need:
    need = get_object_or_404(_needs(), pk=need_pk)
    require(request.user, VIEW_NEEDS, need.region)
    return need


def _fresh(need: Need) -> Need:
    return _needs().get(pk=need.pk)


@router.get("/", response=list[NeedOut])
@paginate(Paginator, page_size=100)
def list_needs(
    request,
    q: str | None = None,
    state: NeedState | None = None,
    category: str | None = None,
    urgency: Urgency | None = None,
    region: str | None = None,
    overdue: bool | None = None,
    mine: bool | None = None,
):
    """Needs in the caller's scope, newest first, with the work queue's filters."""
    require(request.user, VIEW_NEEDS)
    return filtered(NeedFilter, request, _needs()).order_by("-created_at", "-pk")


@router.post("/", response={201: NeedOut})
def create_need(request, payload: NewNeedIn):
    """Register a need (staff on a call, a squad volunteer on a visit)."""
    user = request.user
    require_that(can(user, REGISTER_NEEDS) or rules.acting_person(user) is not None, REGISTER_NEEDS)
    region = region_by_code(payload.region, levels=(RegionLevel.VILLAGE, RegionLevel.GROUP))
    category = NeedCategory.objects.filter(code=payload.category, is_active=True).first()
    if category is None:
        raise ServiceError("category_unknown", _("需求类别不存在"), field="category")
    need = services.register_need(
        user=request.user,
        region=region,
        description=payload.description,
        category=category,
        urgency=payload.urgency,
        source=payload.source,
        household=referenced(
            Household.objects.select_related("region"),
            payload.household_id,
            field="household_id",
            message=_("户不存在或不在您的管辖范围内"),
        ),
        person=referenced(
            Person.objects.select_related("region", "household"),
            payload.person_id,
            field="person_id",
            message=_("群众不存在或不在您的管辖范围内"),
        ),
    )
    return Status(201, _fresh(need))


@router.get("/by-code/{need_code}", response=PublicNeedOut)
def by_code(request, need_code: str):
    """A need by its tracking code, as the resident's public page shows it (no personal
    data); the public page itself is `/n/<code>`."""
    need = get_object_or_404(Need.objects.select_related("category", "region"), code=need_code)
    require(request.user, VIEW_NEEDS, need.region)
    return need


@router.get("/{need_pk}", response=NeedDetailOut)
def get_need(request, need_pk: DbId):
    return _need(request, need_pk)


@router.get("/{need_pk}/suggestions", response=SuggestionsOut)
def suggestions(request, need_pk: DbId):
    """Suggested volunteers and squads for dispatching, best first."""
    need = _need(request, need_pk)
    require(request.user, HANDLE_NEEDS, need.region)
    volunteers, squads = services.suggest_candidates(need, user=request.user)
    return {"volunteers": volunteers, "squads": squads}


@router.post("/{need_pk}/accept", response=NeedOut)
def accept(request, need_pk: DbId):
    need = _need(request, need_pk)
    services.accept(need, user=request.user)
    return _fresh(need)


@router.post("/{need_pk}/reject", response=NeedOut)
def reject(request, need_pk: DbId, payload: ReasonIn):
    need = _need(request, need_pk)
    services.reject(need, user=request.user, reason=payload.reason)
    return _fresh(need)


@router.post("/{need_pk}/refer", response=NeedOut)
def refer(request, need_pk: DbId, payload: ReasonIn):
    need = _need(request, need_pk)
    services.refer(need, user=request.user, reason=payload.reason)
    return _fresh(need)


@router.post("/{need_pk}/dispatch", response=NeedOut)
def dispatch(request, need_pk: DbId, payload: DispatchIn):
    """accepted → dispatched, to a squad (`team_id`) or a volunteer (`volunteer_id`); a
    need dispatched by someone else meanwhile is a 400 `need_conflict`."""
    need = _need(request, need_pk)
    team = referenced(
        Team.objects.select_related("region"),
        payload.team_id,
        field="team_id",
        message=_("小队不存在"),
    )
    volunteer = referenced(
        Person.objects.select_related("region"),
        payload.volunteer_id,
        field="volunteer_id",
        message=_("志愿者不存在"),
    )
    services.dispatch(need, user=request.user, team=team, volunteer=volunteer)
    return _fresh(need)


@router.post("/{need_pk}/take", response=NeedOut)
def take(request, need_pk: DbId):
    need = _need(request, need_pk)
    services.take(need, user=request.user)
    return _fresh(need)


@router.post("/{need_pk}/start", response=NeedOut)
def start(request, need_pk: DbId):
    need = _need(request, need_pk)
    services.start(need, user=request.user)
    return _fresh(need)


@router.post("/{need_pk}/give-back", response=NeedOut)
def give_back(request, need_pk: DbId, payload: ReasonIn):
    need = _need(request, need_pk)
    services.give_back(need, user=request.user, reason=payload.reason)
    return _fresh(need)


@router.post("/{need_pk}/resolve", response=NeedOut)
def resolve(request, need_pk: DbId, payload: ResolveIn):
    need = _need(request, need_pk)
    ids = [h.person_id for h in payload.hours]
    people = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
    hours = {}
    for row in payload.hours:
        person = people.get(row.person_id)
        if person is None:
            raise ServiceError("person_unknown", _("志愿者不存在"), field="hours")
        hours[person] = row.hours
    services.resolve(need, user=request.user, summary=payload.summary, hours=hours)
    return _fresh(need)


@router.post("/{need_pk}/rate", response=NeedOut)
def rate(request, need_pk: DbId, payload: RateIn):
    """Staff enter the resident's rating on their behalf."""
    need = _need(request, need_pk)
    services.rate(need, user=request.user, rating=payload.rating, comment=payload.comment)
    return _fresh(need)


@router.post("/{need_pk}/close", response=NeedOut)
def close(request, need_pk: DbId):
    need = _need(request, need_pk)
    services.close(need, user=request.user)
    return _fresh(need)
