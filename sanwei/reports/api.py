"""统计数字 API: `GET /api/v1/figures?region=CODE&campaign=ID&from=DATE&to=DATE`.

Every figure of `reports.figures` for a region's subtree (default: the caller's topmost
region where they may see figures), a campaign (optional) and a period (inclusive local
dates, either optional), with the same figures for each child region in `children`. The
keys are documented in docs/ARCHITECTURE.md ("The figures module") and in the schema below;
they are stable: new figures add keys, none is renamed or removed.

Errors: no VIEW_FIGURES 403 `permission_denied`; an unknown region or one outside the
caller's scope 400 `region_unknown`; an unknown campaign 400 `campaign_unknown`; a malformed
date 400 `invalid`; `from` after `to` 400 `period_invalid`."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema

from sanwei.activities.models import Campaign
from sanwei.core.api import ApiRouter, DbId, referenced

from .figures import figures, figures_data
from .services import figures_region

router = ApiRouter(tags=["figures"])


class FiguresRegionOut(Schema):
    code: str | None = Field(
        ..., description="区划代码；“未分到下级区划”（登记在本级的记录）为 null"
    )
    name: str
    level: int | None


class TypeCountsOut(Schema):
    sessions: int = Field(..., description="场次（分会场计入主会场，不另计）")
    person_times: int = Field(..., description="受众人次（含不记名人数）")
    persons: int = Field(..., description="受众人数（不重复）")


class LecturesOut(Schema):
    teams: int = Field(..., description="宣讲队数")
    lectures: int = Field(..., description="宣讲场次（宣讲队组织的微课堂活动）")
    person_times: int = Field(..., description="宣讲受众人次")


class ClassroomOut(Schema):
    lectures: LecturesOut
    deliveries: int = Field(..., description="送学上门次数（送学类活动场次）")


class ReportFigureOut(Schema):
    reached: int = Field(..., description="已覆盖")
    total: int = Field(..., description="应覆盖")
    percent: float | None = Field(..., description="覆盖率（%，一位小数）")
    target: int | None = Field(..., description="专题目标（%）")


class ReportCoverageOut(Schema):
    persons: ReportFigureOut
    party_members: ReportFigureOut
    households: ReportFigureOut


class OpinionsOut(Schema):
    collected: int = Field(..., description="收集意见")
    answered: int = Field(..., description="已答复")
    adopted: int = Field(..., description="采纳（含部分采纳）")
    on_time: int = Field(..., description="按期答复")
    decided: int = Field(..., description="已作采纳决定")
    due_answered: int = Field(..., description="有答复期限的已答复意见")
    overdue: int = Field(..., description="逾期未答复")
    reply_rate: float | None
    on_time_rate: float | None
    adoption_rate: float | None


class EssaysOut(Schema):
    collected: int = Field(..., description="收集心得")
    excellent: int = Field(..., description="优秀")
    recommended: int = Field(..., description="向上级推介")


class SeminarOut(Schema):
    meetings: int = Field(..., description="屋场会场次")
    opinions: OpinionsOut
    essays: EssaysOut


class VolunteersOut(Schema):
    registered: int = Field(..., description="在册志愿者（未退出）")
    active: int = Field(..., description="期间内参与服务的在册志愿者")


class StarsOut(Schema):
    level: int = Field(..., description="星级（0–5）")
    volunteers: int


class NeedsOut(Schema):
    reported: int = Field(..., description="登记需求")
    resolved: int = Field(..., description="已解决")
    due_resolved: int = Field(..., description="有办理期限的已解决需求")
    on_time: int = Field(..., description="按期解决")
    on_time_rate: float | None
    rated: int = Field(..., description="已评价")
    average_rating: float | None = Field(..., description="平均评分（1–5，一位小数）")


class QuantityTotalOut(Schema):
    item: str
    unit: str
    total: float


class ServiceOut(Schema):
    activities: int = Field(..., description="志愿服务活动场次（微服务板块）")
    volunteers: VolunteersOut
    hours: float = Field(..., description="服务时长（小时）")
    stars: list[StarsOut]
    needs: NeedsOut
    quantities: list[QuantityTotalOut]


class PillarOut(Schema):
    sessions: int = Field(..., description="本板块各类型场次之和")
    person_times: int = Field(..., description="本板块各类型受众人次之和")


class RegionFiguresOut(Schema):
    region: FiguresRegionOut
    activities: dict[str, TypeCountsOut] = Field(..., description="按活动类型代码")
    pillars: dict[str, PillarOut] = Field(..., description="按板块（classroom/seminar/service）")
    classroom: ClassroomOut
    coverage: ReportCoverageOut | None = Field(..., description="覆盖情况（仅指定专题时）")
    seminar: SeminarOut
    service: ServiceOut


class CampaignRef(Schema):
    id: int
    name: str


class WeekOut(Schema):
    week: dt.date = Field(..., description="该周星期一")
    classroom: int = Field(..., description="微课堂场次")
    seminar: int = Field(..., description="微研讨场次")
    service: int = Field(..., description="微服务场次")


class FiguresOut(RegionFiguresOut):
    campaign: CampaignRef | None
    from_: dt.date | None = Field(..., alias="from")
    to: dt.date | None
    children: list[RegionFiguresOut]
    weeks: list[WeekOut] = Field(
        ..., description="逐周各板块场次（按主会场日期；时段或专题起止内每周一行，含 0）"
    )


class FiguresQuery(Schema):
    region: str | None = Field(None, description="区划代码（默认：您可查看的最高一级区划）")
    campaign: DbId | None = Field(None, description="专题 id（默认：全部）")
    from_: dt.date | None = Field(None, alias="from", description="起始日期（含）")
    to: dt.date | None = Field(None, description="截止日期（含）")


@router.get("", response=FiguresOut, by_alias=True)
def get_figures(request: HttpRequest, query: Query[FiguresQuery]):
    region = figures_region(request.user, query.region)
    campaign = referenced(
        Campaign.objects.all(),
        query.campaign,
        field="campaign",
        message=_("专题不存在或不在您的管辖范围内"),
    )
    return figures_data(figures(region, campaign, query.from_, query.to))
