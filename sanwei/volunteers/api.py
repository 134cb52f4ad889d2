"""Volunteers API: the same scoping, permissions and service rules as the pages.

- `GET /volunteers` (filters of the list page), `POST /volunteers` (register a person),
  `GET /volunteers/{volunteer_pk}` (with hours and stars), `PATCH /volunteers/{volunteer_pk}`;
- `GET /volunteers/{volunteer_pk}/hours`: hours, stars and the confirmed service history;
- `GET /ranking?region=&squad=`: the hours ranking; `GET /new-levels?region=`: this month's;
- `POST /activities/{activity_pk}/confirm`: the organiser confirms volunteer hours;
- `POST /volunteers/{volunteer_pk}/certificates`: issue a certificate (its code and PDF URL);
- `GET /certificates/verify?code=`: whether a code names a genuine certificate.
"""

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from sanwei.accounts.permissions import require, require_that
from sanwei.activities.models import Activity
from sanwei.activities.permissions import RECORD_ATTENDANCE
from sanwei.activities.rules import may_record_attendance
from sanwei.core.api import ApiRouter, DbId, Paginator
from sanwei.core.errors import ServiceError
from sanwei.core.filters import filtered
from sanwei.people.models import Person
from sanwei.regions.services import region_by_code
from sanwei.teams.models import Team, TeamKind

from . import hours, services
from .documents import hours_text, level_name
from .filters import VolunteerFilter
from .models import VolunteerProfile
from .permissions import CHANGE_VOLUNTEERS, ISSUE_CERTIFICATES, VIEW_VOLUNTEERS

router = ApiRouter(tags=["volunteers"])


class NotGenuine(ServiceError):
    """A wrong, altered or unknown verification code: 404 and nothing of anyone."""

    status = 404


class Availability(Schema):
    weekday_morning: bool = False
    weekday_afternoon: bool = False
    weekday_evening: bool = False
    weekend_morning: bool = False
    weekend_afternoon: bool = False
    weekend_evening: bool = False


class VolunteerOut(Availability):
    id: int
    number: str = Field(..., description="志愿者编号")
    person_id: int
    name: str
    region: str = Field(..., description="所在村/组的区划代码")
    region_name: str
    squad: str = Field("", description="所在小队")
    skills: str
    job_post: str
    joined_on: dt.date
    left_on: dt.date | None
    card_verify_url: str = Field(..., description="志愿者证的公开核验页")

    @staticmethod
    def resolve_name(obj: VolunteerProfile) -> str:
        return obj.person.name

    @staticmethod
    def resolve_region(obj: VolunteerProfile) -> str:
        return obj.person.region.code

    @staticmethod
    def resolve_region_name(obj: VolunteerProfile) -> str:
        return obj.person.region.name

    @staticmethod
    def resolve_squad(obj: VolunteerProfile) -> str:
        squad = obj.squad
        return squad.name if squad else ""

    @staticmethod
    def resolve_card_verify_url(obj: VolunteerProfile) -> str:
        return reverse("volunteer_card_verify", args=[obj.card_code])


class StandingOut(Schema):
    hours: Decimal = Field(..., description="累计服务时长（已确认的活动时长 + 办结需求时长）")
    attendance_hours: Decimal
    need_hours: Decimal
    stars: int = Field(..., description="星级 0–5")
    level: str
    next_threshold: int | None = Field(None, description="下一星级所需累计小时")


class VolunteerDetailOut(VolunteerOut):
    standing: StandingOut


class VolunteerIn(Availability):
    person_id: DbId
    skills: str = Field("", max_length=200, description="留空则取群众的技能特长")
    job_post: str = Field("", max_length=100)
    joined_on: dt.date | None = None


class VolunteerPatch(Schema):
    skills: str | None = Field(None, max_length=200)
    job_post: str | None = Field(None, max_length=100)
    weekday_morning: bool | None = None
    weekday_afternoon: bool | None = None
    weekday_evening: bool | None = None
    weekend_morning: bool | None = None
    weekend_afternoon: bool | None = None
    weekend_evening: bool | None = None
    joined_on: dt.date | None = None
    left_on: dt.date | None = None


class HistoryOut(Schema):
    day: dt.date
    what: str
    place: str
    hours: Decimal
    kind: str = Field(..., description="activity 活动 / need 需求")


class HoursOut(StandingOut):
    history: list[HistoryOut]


class RankOut(Schema):
    rank: int
    volunteer_id: int
    number: str
    name: str
    region_name: str
    hours: Decimal
    stars: int


class ConfirmIn(Schema):
    attendance_ids: list[DbId] | None = Field(
        None, description="要确认的志愿者参与记录；不填则确认本活动全部未确认的"
    )


class ConfirmOut(Schema):
    confirmed: int


class IssueIn(Schema):
    issuer: str = Field("", max_length=100, description="出具单位；留空则为所在志愿服务品牌")


class CertificateOut(Schema):
    id: int
    code: str = Field(..., description="验证码")
    name: str
    total_hours: Decimal
    star_level: int
    issuer: str
    issued_on: dt.date
    verify_url: str
    pdf_url: str


class VerifyOut(Schema):
    genuine: bool
    name: str
    hours: Decimal
    level: str
    issued_on: dt.date


def _profiles():
    return VolunteerProfile.objects.select_related("person", "person__region")


def _standing(profile: VolunteerProfile) -> dict:
    s = hours.summary(profile)
    return {
        "hours": _h(s.hours),
        "attendance_hours": _h(s.attendance_hours),
        "need_hours": _h(s.need_hours),
        "stars": s.stars,
        "level": level_name(s.stars),
        "next_threshold": s.next_threshold,
    }


def _detail(profile: VolunteerProfile) -> VolunteerProfile:
    profile.standing = _standing(profile)
    return profile


def _h(value) -> Decimal:
    """Hours without trailing zeros, the same on every database: 9.0 → 9, 12.50 → 12.5."""
    return Decimal(hours_text(value or 0))


@router.get("/volunteers", response=list[VolunteerOut])
@paginate(Paginator, page_size=50)
def list_volunteers(
    request,
    q: str | None = None,
    region: str | None = None,
    squad: DbId | None = None,
    available: str | None = None,
    active: bool | None = None,
):
    """Volunteers living in the caller's regions, by number."""
    require(request.user, VIEW_VOLUNTEERS)
    return filtered(VolunteerFilter, request, _profiles()).order_by("number")


@router.post("/volunteers", response={201: VolunteerDetailOut})
def register_volunteer(request, payload: VolunteerIn):
    require(request.user, CHANGE_VOLUNTEERS)
    person = get_object_or_404(Person.objects.select_related("region"), pk=payload.person_id)
    fields = payload.dict(exclude={"person_id", "joined_on"})
    profile = services.register_volunteer(
        person, user=request.user, joined_on=payload.joined_on, **fields
    )
    return Status(201, _detail(get_object_or_404(_profiles(), pk=profile.pk)))


@router.get("/volunteers/{volunteer_pk}", response=VolunteerDetailOut)
def get_volunteer(request, volunteer_pk: DbId):
    profile = get_object_or_404(_profiles(), pk=volunteer_pk)
    require(request.user, VIEW_VOLUNTEERS, profile.person.region)
    return _detail(profile)


@router.patch("/volunteers/{volunteer_pk}", response=VolunteerDetailOut)
def change_volunteer(request, volunteer_pk: DbId, payload: VolunteerPatch):
    profile = get_object_or_404(_profiles(), pk=volunteer_pk)
    require(request.user, CHANGE_VOLUNTEERS, profile.person.region)
    for name, value in payload.dict(exclude_unset=True).items():
        if value is None and name != "left_on":
            raise ServiceError("invalid", _("该字段不能为空"), field=name)
        setattr(profile, name, value)
    services.save_profile(profile, user=request.user)
    return _detail(get_object_or_404(_profiles(), pk=profile.pk))


@router.get("/volunteers/{volunteer_pk}/hours", response=HoursOut)
def volunteer_hours(request, volunteer_pk: DbId):
    """Hours, stars and the confirmed service history (newest first)."""
    profile = get_object_or_404(_profiles(), pk=volunteer_pk)
    require(request.user, VIEW_VOLUNTEERS, profile.person.region)
    history = [{**vars(item), "hours": _h(item.hours)} for item in hours.history(profile)]
    return {**_standing(profile), "history": history}


@router.get("/ranking", response=list[RankOut])
def ranking(request, region: str | None = None, squad: DbId | None = None):
    """The hours ranking (at most 200 rows) of a region's subtree or a squad; equal
    hours share a rank."""
    require(request.user, VIEW_VOLUNTEERS)
    where = region_by_code(region) if region else None
    team = get_object_or_404(Team.objects, kind=TeamKind.SQUAD, pk=squad) if squad else None
    page = hours.ranking_page(where, team, within=_profiles().values("pk"))
    return [_rank(r) for r in page.rows]


@router.get("/new-levels", response=list[RankOut])
def new_levels(request, region: str | None = None):
    """Volunteers who reached a new star level this month."""
    require(request.user, VIEW_VOLUNTEERS)
    where = region_by_code(region) if region else None
    page = hours.ranking_page(where, within=_profiles().values("pk"), limit=0)
    return [_rank(r) for r in page.new_levels]


def _rank(row: hours.Standing) -> dict:
    return {
        "rank": row.rank,
        "volunteer_id": row.profile.pk,
        "number": row.profile.number,
        "name": row.profile.person.name,
        "region_name": row.profile.person.region.name,
        "hours": _h(row.hours),
        "stars": row.stars,
    }


@router.post("/activities/{activity_pk}/confirm", response=ConfirmOut)
def confirm_hours(request, activity_pk: DbId, payload: ConfirmIn):
    """The organiser confirms volunteer hours; all or nothing (24 hours a day at most)."""
    activity = get_object_or_404(Activity.objects.select_related("region"), pk=activity_pk)
    require_that(may_record_attendance(request.user, activity), RECORD_ATTENDANCE)
    count = services.confirm_attendances(activity, payload.attendance_ids, user=request.user)
    return {"confirmed": count}


@router.post("/volunteers/{volunteer_pk}/certificates", response={201: CertificateOut})
def issue_certificate(request, volunteer_pk: DbId, payload: IssueIn):
    profile = get_object_or_404(_profiles(), pk=volunteer_pk)
    require(request.user, ISSUE_CERTIFICATES, profile.person.region)
    certificate, code = services.issue_certificate(
        profile, user=request.user, issuer=payload.issuer
    )
    return Status(
        201,
        {
            "id": certificate.pk,
            "code": code,
            "name": certificate.name,
            "total_hours": _h(certificate.total_hours),
            "star_level": certificate.star_level,
            "issuer": certificate.issuer,
            "issued_on": certificate.issued_on,
            "verify_url": reverse("certificate_verify", args=[code]),
            "pdf_url": reverse("volunteers:certificate_pdf", args=[certificate.pk]),
        },
    )


@router.get("/certificates/verify", response=VerifyOut)
def verify_certificate(request, code: str = Query(..., max_length=64)):
    """Whether `code` names a genuine certificate: only name, hours, level and issue date.
    A wrong or altered code is a 404 `not_genuine`."""
    certificate = services.verify(code)
    if certificate is None:
        raise NotGenuine("not_genuine", _("不是有效的证明"))
    return {
        "genuine": True,
        "name": certificate.name,
        "hours": _h(certificate.total_hours),
        "level": level_name(certificate.star_level),
        "issued_on": certificate.issued_on,
    }
