"""覆盖 API: the same scoping, permissions and service rules as the pages.

`GET /api/v1/coverage?campaign=ID&region=CODE[&start=&end=]`: a campaign's coverage of a
region's subtree (persons, party members, households against the campaign's targets, 人次)
and of each child region, as `engine.coverage` computes it. The region defaults to the
topmost one where the caller may see coverage (`services.coverage_region`).

`GET /api/v1/coverage/gaps?campaign=ID[&region=&party=&flag=]` and `/gaps/households`: the
gap list (`gaps`), persons and households not reached yet, hardest to reach first."""

from datetime import date
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from sanwei.accounts.permissions import VIEW_ACTIVITIES, VIEW_PEOPLE, require
from sanwei.activities.models import Campaign
from sanwei.core.api import ApiRouter, DbId, Paginator, RegionFields, referenced
from sanwei.core.errors import ServiceError
from sanwei.core.filters import filtered
from sanwei.people import privacy
from sanwei.people.models import Household, Person

from . import gaps
from .engine import Figure, Period, RegionCoverage, coverage
from .filters import GapHouseholdFilter, GapPersonFilter
from .services import coverage_region

router = ApiRouter(tags=["coverage"])

GapFlag = Literal["elderly70", "frail", "mobility", "migrant"]


# --------------------------------------------------------------------------- coverage


class CoverageFigureOut(Schema):
    reached: int = Field(..., description="已覆盖")
    total: int = Field(..., description="应覆盖（总数）")
    percent: float | None = Field(..., description="覆盖率（%，一位小数；无人时为 null）")
    target: int | None = Field(..., description="专题目标（%）")
    met: bool | None = Field(..., description="是否达到目标")


class CoverageRegionOut(Schema):
    code: str | None = Field(..., description="区划代码；“未分到下级区划”为 null")
    name: str
    level: int | None


class RegionCoverageOut(Schema):
    region: CoverageRegionOut
    persons: CoverageFigureOut
    party_members: CoverageFigureOut
    households: CoverageFigureOut
    audience_person_times: int = Field(..., description="群众参与人次（含不记名人数）")


class CampaignRef(Schema):
    id: int
    name: str


class CampaignCoverageOut(RegionCoverageOut):
    campaign: CampaignRef
    start: date | None
    end: date | None
    children: list[RegionCoverageOut]


class CoverageQuery(Schema):
    campaign: DbId = Field(..., description="专题 id")
    region: str | None = Field(None, description="区划代码（默认：您可查看的最高一级区划）")
    start: date | None = Field(None, description="起始日期（含），按活动开始日计")
    end: date | None = Field(None, description="截止日期（含）")


def _figure(figure: Figure) -> dict:
    return {
        "reached": figure.reached,
        "total": figure.total,
        "percent": figure.percent,
        "target": figure.target,
        "met": figure.met,
    }


def region_coverage_data(c: RegionCoverage) -> dict:
    """One region's figures as the API shows them (the pages' tests compare with this)."""
    return {
        "region": {
            "code": c.code,
            "name": str(c.name),
            "level": c.region.level if c.region else None,
        },
        "persons": _figure(c.persons),
        "party_members": _figure(c.party_members),
        "households": _figure(c.households),
        "audience_person_times": c.audience_person_times,
    }


@router.get("", response=CampaignCoverageOut)
def get_coverage(request: HttpRequest, query: Query[CoverageQuery]):
    campaign = referenced(
        Campaign.objects.select_related("region"),
        query.campaign,
        field="campaign",
        message=_("专题不存在或不在您的管辖范围内"),
    )
    if query.start and query.end and query.start > query.end:
        raise ServiceError("period_invalid", _("截止日期不能早于起始日期"), field="end")
    region = coverage_region(request.user, campaign, query.region)
    period = Period(query.start, query.end) if query.start or query.end else None
    result = coverage(campaign, region, period=period)
    return {
        "campaign": {"id": campaign.pk, "name": campaign.name},
        "start": query.start,
        "end": query.end,
        **region_coverage_data(result),
        "children": [region_coverage_data(child) for child in result.children],
    }


# ------------------------------------------------------------------------------ gaps


class GapPersonOut(RegionFields):
    """A person the campaign has not reached: phone masked, age only (sanwei.people.privacy)."""

    id: int
    name: str
    gender: str
    age: int | None
    household_id: int | None
    relation_to_head: str
    phone_masked: str
    party_status: str
    priority: int = Field(description="优先级：70岁以上 8、体弱多病 4、行动不便 2、外出流动 1 之和")
    open_task: bool = Field(description="已有本专题未完成的送学任务")
    reasons: list[str] = Field(description="重点情形（中文），按优先级排列")

    @staticmethod
    def resolve_phone_masked(obj: Person) -> str:
        return privacy.masked_phone(obj)

    @staticmethod
    def resolve_reasons(obj: Person) -> list[str]:
        return gaps.reasons(obj)


class GapMemberOut(Schema):
    id: int
    name: str
    relation_to_head: str
    age: int | None
    reasons: list[str]

    @staticmethod
    def resolve_reasons(obj: Person) -> list[str]:
        return gaps.reasons(obj)


class GapHouseholdOut(RegionFields):
    """A household none of whose members the campaign has reached."""

    id: int
    number: str
    head_id: int | None
    head_name: str
    phone_masked: str = Field(description="户主手机号（遮盖）")
    members: list[GapMemberOut]
    priority: int = Field(description="成员中最高的优先级")
    open_task: bool = Field(description="有成员已有本专题未完成的送学任务")
    reasons: list[str]

    @staticmethod
    def resolve_head_id(obj: Household) -> int | None:
        head = obj.head
        return head.pk if head else None

    @staticmethod
    def resolve_head_name(obj: Household) -> str:
        head = obj.head
        return head.name if head else ""

    @staticmethod
    def resolve_phone_masked(obj: Household) -> str:
        head = obj.head
        return privacy.masked_phone(head) if head else ""

    @staticmethod
    def resolve_members(obj: Household) -> list[Person]:
        return list(obj.members.all())

    @staticmethod
    def resolve_reasons(obj: Household) -> list[str]:
        return gaps.household_reasons(obj)


def _gap_campaign(request, campaign: int) -> Campaign:
    require(request.user, VIEW_PEOPLE)
    require(request.user, VIEW_ACTIVITIES)
    return referenced(
        Campaign.objects.select_related("region"),
        campaign,
        field="campaign",
        message=_("专题不存在或不在您的管辖范围内"),
    )


@router.get("/gaps", response=list[GapPersonOut])
@paginate(Paginator, page_size=50)
def list_gap_persons(
    request,
    campaign: DbId,
    region: str | None = None,
    party: bool | None = None,
    flag: GapFlag | None = None,
    task: bool | None = None,
):
    """The persons `campaign` has not reached in the caller's regions (`region`: a division
    code, its subtree), hardest to reach first: 70岁以上, then 体弱多病, 行动不便, 外出流动
    (`priority`); ties by 组, household, name. `party=true` party members only; `flag` one
    of elderly70, frail, mobility, migrant."""
    return filtered(GapPersonFilter, request, gaps.gap_persons(_gap_campaign(request, campaign)))


@router.get("/gaps/households", response=list[GapHouseholdOut])
@paginate(Paginator, page_size=50)
def list_gap_households(
    request,
    campaign: DbId,
    region: str | None = None,
    party: bool | None = None,
    flag: GapFlag | None = None,
    task: bool | None = None,
):
    """The households with members none of whom `campaign` has reached, hardest first
    (their members' highest `priority`), with head and members."""
    households = gaps.gap_households(_gap_campaign(request, campaign))
    return filtered(GapHouseholdFilter, request, households)
