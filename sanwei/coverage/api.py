"""覆盖 API: the same scoping, permissions and service rules as the pages.

`GET /api/v1/coverage?campaign=ID&region=CODE[&start=&end=]`: a campaign's coverage of a
region's subtree (persons, party members, households against the campaign's targets, 人次)
and of each child region, as `engine.coverage` computes it. The region defaults to the
topmost one where the caller may see coverage (`services.coverage_region`)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema

from sanwei.activities.models import Campaign
from sanwei.core.api import ApiRouter, DbId, referenced
from sanwei.core.errors import ServiceError

from .engine import Figure, Period, RegionCoverage, coverage
from .services import coverage_region

router = ApiRouter(tags=["coverage"])


# --------------------------------------------------------------------------- coverage


class FigureOut(Schema):
    reached: int = Field(..., description="已覆盖")
    total: int = Field(..., description="应覆盖（总数）")
    percent: float | None = Field(..., description="覆盖率（%，一位小数；无人时为 null）")
    target: int | None = Field(..., description="专题目标（%）")
    met: bool | None = Field(..., description="是否达到目标")


class RegionOut(Schema):
    code: str | None = Field(..., description="区划代码；“未分到下级区划”为 null")
    name: str
    level: int | None


class RegionCoverageOut(Schema):
    region: RegionOut
    persons: FigureOut
    party_members: FigureOut
    households: FigureOut
    audience_person_times: int = Field(..., description="群众参与人次（含不记名人数）")


class CampaignRef(Schema):
    id: int
    name: str


class CoverageOut(RegionCoverageOut):
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


@router.get("", response=CoverageOut)
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
