"""快速登记 API: the same scoping, permissions and service rules as the pages.

`POST /api/v1/recording/activities/{activity_ref}/attendances` records many people at
once (roster ticking from an app); `activity_ref` is the activity's code or its id.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Path, Schema, UploadedFile

from sanwei.accounts.permissions import RECORD_ATTENDANCE, require
from sanwei.activities import services as activities
from sanwei.activities.models import Activity, AttendanceRole
from sanwei.core.api import ApiRouter, DbCount, DbId
from sanwei.core.errors import ServiceError
from sanwei.core.uploads import route_upload_limit, too_large
from sanwei.people.models import Person

from . import services

router = ApiRouter(tags=["recording"])

MAX_BATCH = 5000
# The sheet is optional to the schema so the permission is checked before it is missed.
OPTIONAL_FILE = File(None)


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


# --------------------------------------------------------------------------- sign-in sheets


class RecordingCandidateOut(Schema):
    id: DbId
    name: str
    region_name: str


class SheetRowOut(Schema):
    line: DbCount = Field(..., description="文件中的行号（与 Excel 中看到的一致）")
    name: str
    phone: str = Field(..., description="手机号码（部分隐藏）")
    status: str = Field(
        ...,
        description="matched 将登记 / already 此前已登记 / repeated 表内重复 / "
        "not_found 未找到 / ambiguous 有重名 / invalid 无法识别",
    )
    person_id: DbId | None = None
    candidates: list[RecordingCandidateOut] = []
    note: str = ""


class SheetPreviewOut(Schema):
    rows: list[SheetRowOut]
    counts: dict[str, int]
    token: str = Field(..., description="提交登记时原样传回（两小时内有效）")


class SheetCommitIn(Schema):
    token: str = Field(..., max_length=200_000)
    picks: dict[int, DbId] = Field(
        {}, description="有重名的行：行号 → 所选群众 id（须为该行的候选人之一）"
    )


SHEET_PREVIEW_URL_NAME = "recording_sheet_preview"
# The same limit as the page's (recording.views.sheet_import), refused as it arrives.
route_upload_limit(SHEET_PREVIEW_URL_NAME, services.SHEET_LIMIT_SETTING)


@router.post(
    "/activities/{activity_ref}/sheet/preview",
    response=SheetPreviewOut,
    url_name=SHEET_PREVIEW_URL_NAME,
)
def preview_sheet(
    request: HttpRequest,
    activity_ref: str = Path(..., max_length=20, pattern=r"^[A-Za-z0-9]+$"),
    file: UploadedFile | None = OPTIONAL_FILE,
):
    """Upload a typed-up sign-in sheet (xlsx, xls or CSV; multipart field `file`) and see
    how each data row matches the roster; nothing is written. Commit with the token."""
    activity = _activity_or_404(activity_ref)
    require(request.user, RECORD_ATTENDANCE, activity.region)
    if too_large(request):  # refused while it arrived (core.uploads), nothing kept
        raise services.sheet_too_large()
    if file is None:
        raise ServiceError("file_missing", _("请选择要导入的签到表文件"), field="file")
    preview = services.preview_sheet(activity, file, file.name or "", user=request.user)
    return {
        "rows": [
            {
                "line": r.line,
                "name": r.name,
                "phone": r.phone,
                "status": r.status,
                "person_id": r.person.pk if r.person else None,
                "candidates": [
                    {"id": c.pk, "name": c.name, "region_name": c.region.name} for c in r.candidates
                ],
                "note": r.note,
            }
            for r in preview.rows
        ],
        "counts": {status: n for status, _label, n in preview.counts},
        "token": preview.token,
    }


@router.post("/activities/{activity_ref}/sheet/commit", response=BulkAttendanceOut)
def commit_sheet(
    request: HttpRequest,
    payload: SheetCommitIn,
    activity_ref: str = Path(..., max_length=20, pattern=r"^[A-Za-z0-9]+$"),
):
    """Record what the preview matched (as audience), plus the picked candidates."""
    activity = _activity_or_404(activity_ref)
    require(request.user, RECORD_ATTENDANCE, activity.region)
    created, already = services.commit_sheet(
        activity, payload.token, dict(payload.picks), user=request.user
    )
    return {"created": created, "already": already}
