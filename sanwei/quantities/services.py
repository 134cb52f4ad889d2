"""Rules of quantities delivered: recording one on an activity or a need, changing and
removing it, and the totals by item and unit.

Writes take `user=` and check CHANGE_QUANTITIES on the owner's region (the activity's
or the need's); None and anonymous users are refused, the system passes `SYSTEM`.

Totals (`quantity_totals`, `quantity_breakdown`) are the one place quantities are added
up: the totals page, the API and the figures module read them. They add the same item
in the same unit only (one line per item and unit), over a region's subtree (the owner's
region), in a period of local (Beijing) dates, inclusive:

- a quantity on an activity is dated by the activity's start;
- a quantity on a need is dated by the need's resolution (`resolved_at`), or by its
  registration while it is not resolved yet.

With a campaign: the quantities of the campaign's activities, and those of needs in the
campaign's region dated within the campaign's dates (needs belong to no campaign; what
was done for residents during the campaign counts toward it)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import DateTimeField, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import require
from sanwei.core.errors import ServiceError
from sanwei.core.models import user_or_none
from sanwei.regions.models import Region

from .models import ITEM_MAX_CHARS, NOTE_MAX_CHARS, Quantity, Unit, number_text
from .permissions import CHANGE_QUANTITIES

MAX_QUANTITY = Decimal("9999999999.99")  # what max_digits=12, decimal_places=2 holds
_SPACES = re.compile(r"\s+")


# ---------------------------------------------------------------------------- writes


def clean_item(item: str | None) -> str:
    """The item as it is counted: spaces at the ends dropped, inner runs of spaces (also
    full-width ones) made one, so "承诺书 " and "承诺书" are one total."""
    item = _SPACES.sub(" ", (item or "").replace("\u3000", " ")).strip()
    if not item:
        raise ServiceError("item_required", _("请填写物资或成果的名称"), field="item")
    if "\x00" in item:
        raise ServiceError("item_invalid", _("名称含有无效字符"), field="item")
    if len(item) > ITEM_MAX_CHARS:
        raise ServiceError(
            "item_too_long",
            _("名称不能超过%(n)d个字") % {"n": ITEM_MAX_CHARS},
            field="item",
        )
    return item


def clean_quantity(value) -> Decimal:
    """A positive number with at most two decimals."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        raise ServiceError("quantity_invalid", _("请填写数量（数字）"), field="quantity")
    if number <= 0:
        raise ServiceError("quantity_not_positive", _("数量应大于 0"), field="quantity")
    if number != number.quantize(Decimal("0.01")):
        raise ServiceError("quantity_too_precise", _("数量最多保留两位小数"), field="quantity")
    if number > MAX_QUANTITY:
        raise ServiceError(
            "quantity_too_large",
            _("数量不能超过 %(max)s") % {"max": number_text(MAX_QUANTITY)},
            field="quantity",
        )
    return number


def clean_unit(unit: str | None) -> str:
    if unit not in Unit.values:
        raise ServiceError("unit_invalid", _("请选择单位"), field="unit")
    return unit


def clean_note(note: str | None) -> str:
    note = (note or "").strip()
    if "\x00" in note:
        raise ServiceError("note_invalid", _("说明含有无效字符"), field="note")
    if len(note) > NOTE_MAX_CHARS:
        raise ServiceError(
            "note_too_long", _("说明不能超过%(n)d个字") % {"n": NOTE_MAX_CHARS}, field="note"
        )
    return note


def _facts(quantity: Quantity) -> dict:
    return {
        "item": quantity.item,
        "quantity": number_text(quantity.quantity),
        "unit": quantity.unit,
        "activity": quantity.activity_id,
        "need": quantity.need_id,
    }


@transaction.atomic
def add_quantity(owner, *, user, item: str, quantity, unit: str, note: str = "") -> Quantity:
    """Record what `owner` (an activity or a need) delivered. Refused: a caller without
    CHANGE_QUANTITIES on the owner's region (403); an empty or overlong item; a quantity
    that is not a number, zero or negative, or has more than two decimals; an unknown
    unit."""
    from sanwei.activities.models import Activity
    from sanwei.needs.models import Need

    if not isinstance(owner, Activity | Need):
        raise TypeError("a quantity is recorded on an activity or a need")
    require(user, CHANGE_QUANTITIES, owner.region)
    record = Quantity(
        activity=owner if isinstance(owner, Activity) else None,
        need=owner if isinstance(owner, Need) else None,
        item=clean_item(item),
        quantity=clean_quantity(quantity),
        unit=clean_unit(unit),
        note=clean_note(note),
        created_by=user_or_none(user),
    )
    record.save()
    record.log_action("sanwei.quantity.added", user=user, data=_facts(record))
    return record


@transaction.atomic
def save_quantity(quantity: Quantity, *, user) -> Quantity:
    """Save a changed item, quantity, unit or note (the owner stays). The row is locked
    and the permission judged on its owner as stored."""
    stored = Quantity.unscoped.select_for_update().get(pk=quantity.pk)
    require(user, CHANGE_QUANTITIES, stored.owner.region)
    before = _facts(stored)
    stored.item = clean_item(quantity.item)
    stored.quantity = clean_quantity(quantity.quantity)
    stored.unit = clean_unit(quantity.unit)
    stored.note = clean_note(quantity.note)
    stored.save()
    stored.log_action(
        "sanwei.quantity.changed", user=user, data={"before": before, "after": _facts(stored)}
    )
    return stored


@transaction.atomic
def delete_quantity(quantity: Quantity, *, user) -> None:
    stored = Quantity.unscoped.select_for_update().get(pk=quantity.pk)
    require(user, CHANGE_QUANTITIES, stored.owner.region)
    stored.delete_logged(
        "sanwei.quantity.removed",
        user=user,
        data=_facts(stored),
        in_use_code="quantity_in_use",
        in_use_message=_("该记录仍被%(kinds)s使用，不能删除"),
    )


# ---------------------------------------------------------------------------- totals


@dataclass(frozen=True)
class Total:
    item: str
    unit: str
    total: Decimal

    def as_dict(self) -> dict:
        return {"item": self.item, "unit": self.unit, "total": self.total}

    @property
    def total_text(self) -> str:
        return number_text(self.total)


@dataclass
class RegionTotals:
    """The totals of one region's subtree. `region` None: quantities recorded directly at
    the parent region while it has child regions (shown as "未分到下级区划")."""

    region: Region | None
    totals: list[Total] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.region.name if self.region else _("未分到下级区划")

    @property
    def code(self) -> str | None:
        return self.region.code if self.region else None


@dataclass
class Breakdown:
    """A region's totals and the same per child region."""

    region: Region
    totals: list[Total]
    children: list[RegionTotals]


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _period(qs, field_name: str, start: dt.date | None, end: dt.date | None):
    if start is not None:
        qs = qs.filter(**{f"{field_name}__gte": _day_start(start)})
    if end is not None:
        qs = qs.filter(**{f"{field_name}__lt": _day_start(end + dt.timedelta(days=1))})
    return qs


def dated_quantities(
    region: Region | None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    campaign=None,
):
    """The quantities counted for `region`'s subtree (None: everywhere), period and
    campaign (unscoped: the caller chose the region), annotated with `owner_path` and
    `delivered_at`."""
    qs = Quantity.unscoped.annotate(
        owner_path=Coalesce("activity__region__path", "need__region__path"),
        delivered_at=Coalesce(
            "activity__starts_at",
            "need__resolution__resolved_at",
            "need__created_at",
            output_field=DateTimeField(),
        ),
    )
    if region is not None:
        qs = qs.filter(owner_path__startswith=region.path)
    qs = _period(qs, "delivered_at", start, end)
    if campaign is not None:
        during = _period(
            Quantity.unscoped.annotate(
                delivered_at=Coalesce(
                    "need__resolution__resolved_at",
                    "need__created_at",
                    output_field=DateTimeField(),
                )
            ),
            "delivered_at",
            campaign.starts_on,
            campaign.ends_on,
        ).filter(need__region__path__startswith=campaign.region.path)
        qs = qs.filter(Q(activity__campaign=campaign) | Q(pk__in=during.values("pk")))
    return qs


def delivered_on(quantity: Quantity) -> dt.date:
    """The Beijing date a quantity counts on (see the module's doc)."""
    if quantity.activity_id is not None:
        when = quantity.activity.starts_at
    else:
        resolution = getattr(quantity.need, "resolution", None)
        when = resolution.resolved_at if resolution is not None else quantity.need.created_at
    return timezone.localdate(when)


def _sorted(sums: dict[tuple[str, str], Decimal]) -> list[Total]:
    order = {unit: i for i, unit in enumerate(Unit.values)}
    return [
        Total(item, unit, Decimal(number_text(total)))
        for (item, unit), total in sorted(sums.items(), key=lambda kv: (kv[0][0], order[kv[0][1]]))
    ]


def _rows(region: Region, **filters) -> list[tuple[str, str, str, Decimal]]:
    """(owner region path, item, unit, total): one grouped query."""
    return list(
        dated_quantities(region, **filters)
        .order_by()
        .values_list("owner_path", "item", "unit")
        .annotate(total=Sum("quantity"))
    )


def quantity_totals(
    region: Region,
    start: dt.date | None = None,
    end: dt.date | None = None,
    campaign=None,
) -> list[dict]:
    """`[{item, unit, total}]` for `region`'s subtree: the one total of quantities
    delivered (see the module's doc for dates and campaigns). Sorted by item, then unit
    in `Unit`'s order; `total` a Decimal without trailing zeros."""
    sums: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for _path, item, unit, total in _rows(region, start=start, end=end, campaign=campaign):
        sums[(item, unit)] += total
    return [t.as_dict() for t in _sorted(sums)]


def quantity_breakdown(
    region: Region,
    start: dt.date | None = None,
    end: dt.date | None = None,
    campaign=None,
) -> Breakdown:
    """`region`'s totals and each child region's (every child, empty ones too; the
    quantities recorded at `region` itself while it has children as one more line), from
    the same one grouped query as `quantity_totals`."""
    rows = _rows(region, start=start, end=end, campaign=campaign)
    children = list(Region.unscoped.filter(parent=region).order_by("code"))
    whole: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    per_child: dict[str | None, dict[tuple[str, str], Decimal]] = defaultdict(
        lambda: defaultdict(Decimal)
    )
    child_paths = [c.path for c in children]
    for path, item, unit, total in rows:
        whole[(item, unit)] += total
        owner = next((p for p in child_paths if path.startswith(p)), None)
        per_child[owner][(item, unit)] += total
    lines = [RegionTotals(child, _sorted(per_child.get(child.path, {}))) for child in children]
    if children and None in per_child:
        lines.append(RegionTotals(None, _sorted(per_child[None])))
    return Breakdown(region, _sorted(whole), lines)


def item_suggestions(region: Region, limit: int = 50) -> list[str]:
    """Items already recorded in `region`'s subtree, most used first: offered while
    typing, so the same thing is written the same way and adds up."""
    from django.db.models import Count

    rows = (
        Quantity.unscoped.annotate(
            owner_path=Coalesce("activity__region__path", "need__region__path")
        )
        .filter(owner_path__startswith=region.path)
        .order_by()
        .values("item")
        .annotate(n=Count("pk"))
        .order_by("-n", "item")[:limit]
    )
    return [row["item"] for row in rows]
