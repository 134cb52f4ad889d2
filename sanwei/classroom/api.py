"""微课堂 API: the same scoping, permissions and service rules as the pages.

- `GET /materials`, `GET /materials/{material_pk}`, `POST /materials` (text and links;
  files are uploaded on the page, where the attachment checks run while they arrive);
- `GET /lecture-teams` (every lecture team in the caller's region with totals),
  `GET /lecture-teams/{team_pk}` (its lectures and audience by month);
- `POST /scripts/check`: a 三句半 script's structural errors, line by line.
"""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from sanwei.accounts.permissions import require
from sanwei.activities.permissions import CHANGE_ACTIVITIES, VIEW_ACTIVITIES
from sanwei.core.api import ApiRouter, DbCount, DbId, Paginator, RegionFields
from sanwei.core.filters import filtered
from sanwei.regions.services import region_by_code
from sanwei.teams.models import Team, TeamKind
from sanwei.teams.permissions import VIEW_TEAMS

from . import services
from .filters import MaterialFilter
from .models import Material, MaterialKind
from .permissions import CHANGE_MATERIALS, VIEW_MATERIALS
from .sanzhiban import CLOSING_MAX_CHARS_RANGE, DEFAULT_CLOSING_MAX_CHARS
from .sanzhiban import check_script as check_script_form

router = ApiRouter(tags=["classroom"])


# --------------------------------------------------------------------------- materials


class MaterialOut(RegionFields):
    id: int
    code: str
    title: str
    kind: MaterialKind
    kind_display: str
    summary: str
    body: str
    url: str
    file_name: str
    share_url: str = Field(..., description="公开分享页地址（无需登录）")
    qr_url: str = Field(..., description="分享页二维码图片（PNG）")
    view_count: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_kind_display(obj: Material) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_file_name(obj: Material) -> str:
        return obj.original_name if obj.file else ""

    @staticmethod
    def resolve_share_url(obj: Material) -> str:
        return reverse("material_share", args=[obj.code])

    @staticmethod
    def resolve_qr_url(obj: Material) -> str:
        return reverse("material_share_qr", args=[obj.code])


class MaterialIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    kind: MaterialKind
    region: str = Field(..., description="区划代码")
    summary: str = Field("", max_length=300)
    body: str = ""
    url: str = Field("", max_length=200)


def _materials():
    return Material.objects.select_related("region")


@router.get("/materials", response=list[MaterialOut])
@paginate(Paginator, page_size=50)
def list_materials(
    request, kind: MaterialKind | None = None, region: str | None = None, q: str | None = None
):
    """Materials seen from the caller's regions (theirs, above and below)."""
    require(request.user, VIEW_MATERIALS)
    return filtered(MaterialFilter, request, _materials()).order_by("-created_at", "-pk")


@router.get("/materials/{material_pk}", response=MaterialOut)
def get_material(request, material_pk: DbId):
    material = get_object_or_404(_materials(), pk=material_pk)
    require(request.user, VIEW_MATERIALS)
    return material


@router.post("/materials", response={201: MaterialOut})
def create_material(request, payload: MaterialIn):
    """A text or a link material (a document's file is uploaded on the page)."""
    require(request.user, CHANGE_MATERIALS)
    region = region_by_code(payload.region)
    material = Material(
        title=payload.title,
        kind=payload.kind,
        region=region,
        summary=payload.summary,
        body=payload.body,
        url=payload.url,
    )
    services.save_material(material, user=request.user)
    return Status(201, get_object_or_404(_materials(), pk=material.pk))


# --------------------------------------------------------------------------- lecture teams


class Figures(Schema):
    lectures: int = Field(..., description="宣讲场次")
    headcount: int = Field(..., description="现场人数（未登记姓名）")
    named: int = Field(..., description="登记姓名的受众（参与记录）")
    person_times: int = Field(..., description="受众人次 = headcount + named")


class RegionOf(Schema):
    region: str = Field(..., description="区划代码")
    region_name: str


class LectureTeamOut(Figures, RegionOf):
    id: int
    name: str
    members: int
    lecturers: int


class LectureOverviewOut(Schema):
    teams: list[LectureTeamOut]
    total: Figures
    members: int
    lecturers: int


class MonthOut(Figures):
    month: str = Field(..., description="年月，如 2023-01")


class LectureTeamStatsOut(RegionOf):
    id: int
    name: str
    months: list[MonthOut]
    total: Figures


def _figures(f: services.LectureFigures) -> dict:
    return {
        "lectures": f.lectures,
        "headcount": f.headcount,
        "named": f.named,
        "person_times": f.person_times,
    }


def _require_lecture_views(user) -> None:
    require(user, VIEW_TEAMS)
    require(user, VIEW_ACTIVITIES)


@router.get("/lecture-teams", response=LectureOverviewOut)
def lecture_teams(request):
    """Every lecture team in the caller's region: members, lecturers, lectures, audience."""
    _require_lecture_views(request.user)
    overview = services.lecture_overview(Team.objects.all())
    rows = [
        {
            "id": row.team.pk,
            "name": row.team.name,
            "region": row.team.region.code,
            "region_name": row.team.region.name,
            "members": row.members,
            "lecturers": row.lecturers,
            **_figures(row),
        }
        for row in overview.rows
    ]
    return {
        "teams": rows,
        "total": _figures(overview.total),
        "members": overview.total.members,
        "lecturers": overview.total.lecturers,
    }


@router.get("/lecture-teams/{team_pk}", response=LectureTeamStatsOut)
def lecture_team(request, team_pk: DbId):
    """One lecture team's lectures and audience by month (Beijing time)."""
    _require_lecture_views(request.user)
    team = get_object_or_404(
        Team.objects.filter(kind=TeamKind.LECTURE).select_related("region"), pk=team_pk
    )
    figures = services.team_lectures(team)
    return {
        "id": team.pk,
        "name": team.name,
        "region": team.region.code,
        "region_name": team.region.name,
        "months": [{"month": f"{m.month:%Y-%m}", **_figures(m)} for m in figures.months],
        "total": _figures(figures.total),
    }


# --------------------------------------------------------------------------- scripts


class ScriptCheckIn(Schema):
    text: str = Field(..., max_length=20000)
    closing_max_chars: int = Field(
        DEFAULT_CLOSING_MAX_CHARS, ge=CLOSING_MAX_CHARS_RANGE[0], le=CLOSING_MAX_CHARS_RANGE[1]
    )
    performer_count: DbCount | None = Field(None, description="已指定的表演者人数；不填则不检查")


class ScriptErrorOut(Schema):
    line: int | None = Field(..., description="行号（从1起）；null 表示整篇的问题")
    message: str


class ScriptCheckOut(Schema):
    valid: bool
    errors: list[ScriptErrorOut]


@router.post("/scripts/check", response=ScriptCheckOut)
def check_script(request, payload: ScriptCheckIn):
    """Check a 三句半 script's form: stanzas of four lines, three full lines and a short
    closing phrase, and (with `performer_count`) exactly four performers. Writes nothing."""
    require(request.user, CHANGE_ACTIVITIES)
    errors = check_script_form(
        payload.text,
        closing_max_chars=payload.closing_max_chars,
        performer_count=payload.performer_count,
    )
    return {
        "valid": not errors,
        "errors": [{"line": e.line, "message": e.message} for e in errors],
    }
