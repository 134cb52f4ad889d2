"""扫码签到 API (/api/v1/checkin/): an activity's check-in link, and the unverified
check-ins staff confirm, merge or reject. The same scoping, permissions and service rules
as the pages; phones are masked here as on the pages."""

from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.pagination import paginate

from sanwei.accounts.permissions import require
from sanwei.activities.models import Activity
from sanwei.activities.permissions import RECORD_ATTENDANCE
from sanwei.core.api import ApiRouter, DbId, Paginator, referenced
from sanwei.core.filters import filtered
from sanwei.people.models import Person
from sanwei.people.permissions import CHANGE_PEOPLE
from sanwei.people.validation import mask_phone

from . import services
from .filters import UnverifiedFilter
from .models import CheckinStatus, UnverifiedCheckin
from .views import checkin_url

router = ApiRouter(tags=["checkin"])
PAGE_SIZE = 50


class CheckinLinkOut(Schema):
    activity_id: int
    url: str
    opens_at: datetime
    closes_at: datetime
    state: str  # not_yet | open | closed


class CheckinCandidateOut(Schema):
    id: int
    name: str
    region: str
    region_name: str
    phone: str  # masked


class UnverifiedOut(Schema):
    id: int
    activity_id: int
    activity_title: str
    name: str
    phone: str  # masked
    created_at: datetime
    status: CheckinStatus
    person_id: int | None
    resolved_at: datetime | None

    @staticmethod
    def resolve_activity_title(obj: UnverifiedCheckin) -> str:
        return obj.activity.title

    @staticmethod
    def resolve_phone(obj: UnverifiedCheckin) -> str:
        return mask_phone(obj.phone)


class UnverifiedDetailOut(UnverifiedOut):
    candidates: list[CheckinCandidateOut]

    @staticmethod
    def resolve_candidates(obj: UnverifiedCheckin) -> list[dict]:
        return [
            {
                "id": p.pk,
                "name": p.name,
                "region": p.region.code,
                "region_name": p.region.name,
                "phone": mask_phone(p.phone) if p.phone else "",
            }
            for p in services.candidates(obj, Person.objects.all())
        ]


class MergeIn(Schema):
    person_id: DbId


def _checkin_or_404(unverified_pk: DbId) -> UnverifiedCheckin:
    return get_object_or_404(
        UnverifiedCheckin.objects.select_related("activity", "activity__region"),
        pk=unverified_pk,
    )


def _checked(request: HttpRequest, unverified_pk: DbId) -> UnverifiedCheckin:
    checkin = _checkin_or_404(unverified_pk)
    require(request.user, RECORD_ATTENDANCE, checkin.activity.region)
    return checkin


@router.get("/activities/{activity_pk}/link", response=CheckinLinkOut)
def get_checkin_link(request: HttpRequest, activity_pk: DbId):
    """The activity's public check-in address (the QR code's content) and its window."""
    activity = get_object_or_404(Activity.objects.select_related("region"), pk=activity_pk)
    require(request.user, RECORD_ATTENDANCE, activity.region)
    return {
        "activity_id": activity.pk,
        "url": checkin_url(request, activity),
        "opens_at": services.checkin_opens_at(activity),
        "closes_at": services.checkin_closes_at(activity),
        "state": services.window_state(activity).value,
    }


@router.get("/unverified", response=list[UnverifiedOut])
@paginate(Paginator, page_size=PAGE_SIZE)
def list_unverified(request: HttpRequest):
    """Unverified check-ins in the caller's regions: pending unless `status` is given."""
    require(request.user, RECORD_ATTENDANCE)
    queryset = UnverifiedCheckin.objects.select_related("activity").order_by("-created_at", "-id")
    return filtered(UnverifiedFilter, request, queryset)


@router.get("/unverified/{unverified_pk}", response=UnverifiedDetailOut)
def get_unverified(request: HttpRequest, unverified_pk: DbId):
    return _checked(request, unverified_pk)


@router.post("/unverified/{unverified_pk}/confirm", response=UnverifiedOut)
def confirm_unverified(request: HttpRequest, unverified_pk: DbId):
    """Register them as a new person of the activity's region and record the attendance."""
    checkin = _checked(request, unverified_pk)
    require(request.user, CHANGE_PEOPLE, checkin.activity.region)
    services.confirm_as_new(checkin, user=request.user)
    return _checkin_or_404(unverified_pk)


@router.post("/unverified/{unverified_pk}/merge", response=UnverifiedOut)
def merge_unverified(request: HttpRequest, unverified_pk: DbId, payload: MergeIn):
    """They are `person_id` (on the roster, in the caller's scope): record the attendance."""
    checkin = _checked(request, unverified_pk)
    person = referenced(
        Person.objects.select_related("region"),
        payload.person_id,
        field="person_id",
        message=_("群众不存在或不在您的管辖范围内"),
    )
    services.merge_checkin(checkin, person, user=request.user)
    return _checkin_or_404(unverified_pk)


@router.post("/unverified/{unverified_pk}/reject", response=UnverifiedOut)
def reject_unverified(request: HttpRequest, unverified_pk: DbId):
    checkin = _checked(request, unverified_pk)
    services.reject_checkin(checkin, user=request.user)
    return _checkin_or_404(unverified_pk)
