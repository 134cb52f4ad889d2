"""快速登记 API: the same scoping, permissions and service rules as the pages.

`POST /api/v1/recording/activities/{activity_ref}/attendances` records many people at
once (roster ticking from an app); `activity_ref` is the activity's code or its id.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Schema

from sanwei.accounts.permissions import RECORD_ATTENDANCE, require
from sanwei.activities import services as activities
from sanwei.activities.models import Activity, AttendanceRole
from sanwei.core.api import ApiRouter, DbCount, DbId
from sanwei.core.errors import ServiceError
from sanwei.people.models import Person

from . import services

router = ApiRouter(tags=["recording"])

MAX_BATCH = 5000


class BulkAttendanceIn(Schema):
    person_ids: list[DbId] = Field(..., max_length=MAX_BATCH, description="群众 id 列表")
    role: AttendanceRole = AttendanceRole.AUDIENCE


class BulkAttendanceOut(Schema):
    created: DbCount = Field(..., description="本次新登记的人数")
    already: DbCount = Field(..., description="此前已登记（跳过）的人数")


def _activity_or_404(ref: str) -> Activity:
    activity = services.activity_by_ref(Activity.objects.select_related("region"), ref)
    if activity is None:
        raise Http404
    return activity


@router.post("/activities/{activity_ref}/attendances", response=BulkAttendanceOut)
def record_attendances(
    request: HttpRequest,
    payload: BulkAttendanceIn,
    activity_ref: str = Path(..., max_length=20, pattern=r"^[A-Za-z0-9]+$"),
):
    """Record the listed people as attending (role: audience by default) in one batch;
    those already recorded in that role are counted in `already`, not refused. An id
    unknown or outside the caller's scope is a 400 `person_unknown` and nothing is
    recorded."""
    activity = _activity_or_404(activity_ref)
    require(request.user, RECORD_ATTENDANCE, activity.region)
    ids = set(payload.person_ids)
    people = list(Person.objects.select_related("region").filter(pk__in=ids))
    if len(people) != len(ids):
        raise ServiceError(
            "person_unknown", _("有群众不存在或不在您的管辖范围内"), field="person_ids"
        )
    created, already = activities.record_attendances(
        activity, people, payload.role, user=request.user
    )
    return {"created": created, "already": already}
