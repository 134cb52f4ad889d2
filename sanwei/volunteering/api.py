"""Volunteer (service) activities API: the same scoping, permissions and rules as the pages.

- `GET /categories`, `POST /categories` (town admins);
- `GET /activities/{activity_pk}/service`, `PUT /activities/{activity_pk}/service`: a 微服务
  activity's category, sign-up limit, place and squad;
- `GET /activities/{activity_pk}/signups`: places taken and the waiting list (staff);
- `POST /activities/{activity_pk}/signups`: sign up (`person_id` for staff; without it the
  volunteer the login acts as); past the limit the answer is a waiting place (`status`
  `waiting`, `position`);
- `POST /signups/{signup_pk}/cancel`: cancel; the volunteers moved up are in `promoted`;
- `POST /activities/{activity_pk}/signups/attend`: record the signed-up volunteers as the
  activity's volunteer attendance (their hours then wait for the organiser's confirmation).
"""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status

from sanwei.accounts.permissions import require, require_that
from sanwei.activities.models import Activity
from sanwei.activities.permissions import CHANGE_ACTIVITIES, RECORD_ATTENDANCE, VIEW_ACTIVITIES
from sanwei.activities.rules import may_change_activity, may_record_attendance
from sanwei.core.api import ApiRouter, DbId, referenced
from sanwei.core.errors import ServiceError
from sanwei.needs.rules import acting_person
from sanwei.people.models import Person
from sanwei.teams.models import Team

from . import rules, services
from .models import ServiceCategory, SignUp
from .permissions import CHANGE_SERVICE_CATEGORIES, MANAGE_SIGNUPS, SIGN_UP, VIEW_SIGNUPS

router = ApiRouter(tags=["volunteering"])


class ServiceCategoryOut(Schema):
    id: int
    code: str
    name: str
    description: str
    is_active: bool
    sort_order: int


class ServiceCategoryIn(Schema):
    code: str = Field(..., min_length=1, max_length=30, pattern=r"^[-a-zA-Z0-9_]+$")
    name: str = Field(..., min_length=1, max_length=30)
    description: str = Field("", max_length=200)
    is_active: bool = True
    sort_order: int = Field(0, ge=0, le=32767)


class ServiceDetailsOut(Schema):
    activity_id: int
    category: str = Field(..., description="服务类别代码")
    category_name: str
    signup_limit: int | None = Field(None, description="报名人数上限；null 为不限")
    place: str
    squad_id: int | None
    squad: str
    signed_up: int
    waiting: int
    free: int | None = Field(None, description="剩余名额；null 为不限")


class ServiceDetailsIn(Schema):
    category: str = Field(..., max_length=30, description="服务类别代码")
    signup_limit: int | None = Field(None, ge=1, le=100000)
    place: str = Field(..., max_length=200)
    squad_id: DbId


class SignUpOut(Schema):
    id: int
    activity_id: int
    person_id: int
    name: str
    region_name: str
    status: str = Field(..., description="signed_up 已报名 / waiting 候补 / cancelled 已取消")
    position: int | None = Field(None, description="候补顺位（1 为第一位）")
    created_at: dt.datetime
    promoted_at: dt.datetime | None

    @staticmethod
    def resolve_name(obj: SignUp) -> str:
        return obj.person.name

    @staticmethod
    def resolve_region_name(obj: SignUp) -> str:
        return obj.person.region.name

    @staticmethod
    def resolve_position(obj: SignUp) -> int | None:
        return getattr(obj, "position", None)


class SignUpListOut(Schema):
    signup_limit: int | None
    free: int | None
    signed_up: list[SignUpOut]
    waiting: list[SignUpOut]


class SignUpIn(Schema):
    person_id: DbId | None = Field(
        None, description="代报名的志愿者（工作人员）；不填则为登录账号所对应的志愿者本人"
    )


class SignUpCancelOut(Schema):
    cancelled: SignUpOut
    promoted: list[SignUpOut] = Field(..., description="因此递补为正式报名的志愿者")


class SignUpAttendOut(Schema):
    recorded: int
    already: int


def _activity(activity_pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("activity_type", "region", "organising_team"),
        pk=activity_pk,
    )


def _service_out(activity: Activity) -> dict:
    lists = services.signup_lists(activity)
    if lists.service is None:
        raise ServiceError("signup_not_open", _("本活动未设置服务类别和报名"))
    squad = activity.organising_team
    return {
        "activity_id": activity.pk,
        "category": lists.service.category.code,
        "category_name": lists.service.category.name,
        "signup_limit": lists.limit,
        "place": activity.place,
        "squad_id": squad.pk if squad else None,
        "squad": squad.name if squad else "",
        "signed_up": len(lists.signed_up),
        "waiting": len(lists.waiting),
        "free": lists.free,
    }


@router.get("/categories", response=list[ServiceCategoryOut])
def list_categories(request):
    """Every service category (active and switched off), in display order."""
    require(request.user, VIEW_ACTIVITIES)
    return list(ServiceCategory.objects.order_by("sort_order", "name"))


@router.post("/categories", response={201: ServiceCategoryOut})
def create_category(request, payload: ServiceCategoryIn):
    require(request.user, CHANGE_SERVICE_CATEGORIES)
    category = services.save_category(ServiceCategory(**payload.dict()), user=request.user)
    return Status(201, category)


@router.get("/activities/{activity_pk}/service", response=ServiceDetailsOut)
def get_service(request, activity_pk: DbId):
    activity = _activity(activity_pk)
    require(request.user, VIEW_ACTIVITIES, activity.region)
    return _service_out(activity)


@router.put("/activities/{activity_pk}/service", response=ServiceDetailsOut)
def set_service(request, activity_pk: DbId, payload: ServiceDetailsIn):
    """Set a 微服务 activity's category, limit, place and squad. A limit below the places
    taken is refused; raising it moves the first waiting volunteers up."""
    activity = _activity(activity_pk)
    require_that(may_change_activity(request.user, activity), CHANGE_ACTIVITIES)
    category = ServiceCategory.objects.filter(code=payload.category).first()
    if category is None:
        raise ServiceError("category_unknown", _("服务类别不存在"), field="category")
    squad = referenced(
        Team.objects.select_related("region"),
        payload.squad_id,
        field="squad_id",
        message=_("队伍不存在或不在您的管辖范围内"),
    )
    services.save_service_activity(
        activity,
        category=category,
        signup_limit=payload.signup_limit,
        place=payload.place,
        squad=squad,
        user=request.user,
    )
    return _service_out(_activity(activity_pk))


@router.get("/activities/{activity_pk}/signups", response=SignUpListOut)
def list_signups(request, activity_pk: DbId):
    """Places taken (in sign-up order) and the waiting list (by position)."""
    activity = _activity(activity_pk)
    require(request.user, VIEW_SIGNUPS, activity.region)
    lists = services.signup_lists(activity)
    return {
        "signup_limit": lists.limit,
        "free": lists.free,
        "signed_up": lists.signed_up,
        "waiting": lists.waiting,
    }


@router.post("/activities/{activity_pk}/signups", response={201: SignUpOut})
def sign_up(request, activity_pk: DbId, payload: SignUpIn):
    """Sign up: a place while the limit allows, else a waiting place (`status` waiting,
    `position`). A second sign-up of the same volunteer is a 400 `signup_duplicate`."""
    activity = _activity(activity_pk)
    user = request.user
    if payload.person_id is None:
        require_that(rules.may_sign_up_self(user, activity), SIGN_UP)
        person = acting_person(user)
    else:
        require_that(rules.may_manage(user, activity), MANAGE_SIGNUPS)
        person = referenced(
            Person.objects.select_related("region"),
            payload.person_id,
            field="person_id",
            message=_("该群众不存在或不在您的管辖范围内"),
        )
    signup = services.sign_up(activity, person, user=user)
    return Status(201, signup)


@router.post("/signups/{signup_pk}/cancel", response=SignUpCancelOut)
def cancel(request, signup_pk: DbId):
    """Cancel a place or a waiting entry; the first waiting volunteers move up."""
    signup = get_object_or_404(
        SignUp.objects.select_related("activity", "activity__region", "person", "person__region"),
        pk=signup_pk,
    )
    require_that(rules.may_sign_up(request.user, signup.activity, signup.person), SIGN_UP)
    moved = services.cancel_signup(signup, user=request.user)
    signup.position = None
    for row in moved:
        row.position = None
    return {"cancelled": signup, "promoted": moved}


@router.post("/activities/{activity_pk}/signups/attend", response=SignUpAttendOut)
def attend(request, activity_pk: DbId):
    """Record the signed-up volunteers as the activity's volunteer attendance."""
    activity = _activity(activity_pk)
    require_that(may_record_attendance(request.user, activity), RECORD_ATTENDANCE)
    recorded, already = services.record_signed_up(activity, user=request.user)
    return {"recorded": recorded, "already": already}
