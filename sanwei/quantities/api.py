"""Quantities API: the same scoping, permissions and service rules as the pages.

- `GET /quantities/` (filters of the totals page: `region`, `start`, `end`, `campaign`,
  and `item`, `unit`, `activity`, `need`), `POST /quantities/` (on one activity or need),
  `GET|DELETE /quantities/{quantity_pk}`;
- `GET /quantities/totals?region=&start=&end=&campaign=`: the totals by item and unit of
  a region (default the caller's topmost) and of each child region
  (`services.quantity_breakdown`, the one function the page and the figures read).
"""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from sanwei.accounts.permissions import require
from sanwei.activities.models import Activity, Campaign
from sanwei.core.api import ApiRouter, DbId, Paginator, referenced
from sanwei.core.errors import ServiceError
from sanwei.core.filters import filtered
from sanwei.needs.models import Need
from sanwei.regions.services import region_by_code

from . import services
from .filters import QuantityFilter
from .models import Quantity, Unit, number_text
from .permissions import CHANGE_QUANTITIES, VIEW_QUANTITIES
from .views import top_region

router = ApiRouter(tags=["quantities"])

UnitValue = Literal[tuple(Unit.values)]  # type: ignore[valid-type]


class QuantityOut(Schema):
    id: int
    activity_id: int | None = Field(None, description="所属活动（与 need_id 二者有一）")
    need_id: int | None = Field(None, description="所属群众需求")
    item: str = Field(..., description="物资或成果，如 森林防火承诺书、饮用水")
    quantity: Decimal = Field(..., description="数量（大于 0，最多两位小数）")
    unit: str = Field(..., description="单位，如 份、吨")
    note: str
    region: str = Field(..., description="所属活动或需求的区划代码")
    region_name: str
    delivered_on: dt.date = Field(
        ..., description="计入统计的日期：活动的开始日期；需求的办结日期（未办结的为登记日期）"
    )

    @staticmethod
    def resolve_quantity(obj: Quantity) -> Decimal:
        return Decimal(number_text(obj.quantity))

    @staticmethod
    def resolve_region(obj: Quantity) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Quantity) -> str:
        return obj.region.name

    @staticmethod
    def resolve_delivered_on(obj: Quantity) -> dt.date:
        return services.delivered_on(obj)


class QuantityIn(Schema):
    activity_id: DbId | None = Field(None, description="登记在哪项活动上（与 need_id 二选一）")
    need_id: DbId | None = Field(None, description="登记在哪条群众需求上")
    item: str = Field(..., max_length=50)
    quantity: Decimal = Field(..., description="大于 0，最多两位小数")
    unit: UnitValue = Field(..., description="单位")
    note: str = Field("", max_length=200)


class TotalOut(Schema):
    item: str
    unit: str
    total: Decimal = Field(..., description="合计（无多余的 0）")


class RegionTotalsOut(Schema):
    region: str | None = Field(None, description="区划代码；null 为直接登记在上级区划的")
    region_name: str
    totals: list[TotalOut]


class TotalsOut(RegionTotalsOut):
    children: list[RegionTotalsOut] = Field(..., description="每个下级区划的合计")


def _quantities():
    return Quantity.objects.select_related(
        "activity",
        "activity__region",
        "need",
        "need__region",
        "need__resolution",
    )


@router.get("/", response=list[QuantityOut])
@paginate(Paginator, page_size=50)
def list_quantities(
    request,
    region: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    campaign: DbId | None = None,
    item: str | None = None,
    unit: str | None = None,
    activity: DbId | None = None,
    need: DbId | None = None,
):
    """Quantities on the activities and needs the caller sees, newest first."""
    require(request.user, VIEW_QUANTITIES)
    return filtered(QuantityFilter, request, _quantities()).order_by("-id")


@router.post("/", response={201: QuantityOut})
def add_quantity(request, payload: QuantityIn):
    """Record a quantity on one activity or one need (exactly one of the two ids)."""
    require(request.user, CHANGE_QUANTITIES)
    if (payload.activity_id is None) == (payload.need_id is None):
        raise ServiceError(
            "owner_required",
            _("请指定一项活动或一条群众需求（二选一）"),
            field="activity_id",
        )
    owner = referenced(
        Activity.objects.select_related("region"),
        payload.activity_id,
        field="activity_id",
        message=_("活动不存在或不在您的管辖范围内"),
    ) or referenced(
        Need.objects.select_related("region"),
        payload.need_id,
        field="need_id",
        message=_("群众需求不存在或不在您的管辖范围内"),
    )
    quantity = services.add_quantity(
        owner,
        user=request.user,
        item=payload.item,
        quantity=payload.quantity,
        unit=payload.unit,
        note=payload.note,
    )
    return Status(201, get_object_or_404(_quantities(), pk=quantity.pk))


@router.get("/totals", response=TotalsOut)
def totals(
    request,
    region: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    campaign: DbId | None = None,
):
    """Totals by item and unit of a region's subtree (`region` code, by default the
    caller's topmost) in a period of Beijing dates (inclusive) and a campaign, and of
    each child region. The same item in two units is two totals."""
    require(request.user, VIEW_QUANTITIES)
    where = region_by_code(region) if region else top_region(request.user)
    if where is None:
        raise ServiceError("region_unknown", _("区划不存在或不在您的管辖范围内"), field="region")
    chosen = referenced(
        Campaign.objects.all(),
        campaign,
        field="campaign",
        message=_("专题不存在或不在您的管辖范围内"),
    )
    if start is not None and end is not None and end < start:
        raise ServiceError("period_invalid", _("截止日期不能早于起始日期"), field="end")
    breakdown = services.quantity_breakdown(where, start=start, end=end, campaign=chosen)

    def line(region, name, rows):
        return {
            "region": region.code if region else None,
            "region_name": name,
            "totals": [t.as_dict() for t in rows],
        }

    return {
        **line(where, where.name, breakdown.totals),
        "children": [line(c.region, c.name, c.totals) for c in breakdown.children],
    }


@router.get("/{quantity_pk}", response=QuantityOut)
def get_quantity(request, quantity_pk: DbId):
    quantity = get_object_or_404(_quantities(), pk=quantity_pk)
    require(request.user, VIEW_QUANTITIES, quantity.region)
    return quantity


@router.delete("/{quantity_pk}", response={204: None})
def delete_quantity(request, quantity_pk: DbId):
    quantity = get_object_or_404(_quantities(), pk=quantity_pk)
    services.delete_quantity(quantity, user=request.user)
    return Status(204, None)
