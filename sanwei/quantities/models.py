"""Quantities delivered (物资与成果): what an activity or a need delivered, counted in a
unit, e.g. 2000 份 承诺书 on a fire-prevention outreach activity, 300 吨 饮用水 on a
drought-relief need.

A quantity belongs to exactly one activity or one need (a database check), and to the
region of that owner: it is seen where its owner is seen (`region_path_lookup` names
both), so moving an activity to another village moves its quantities with it. Totals
add up the same item in the same unit only: 饮用水 in 吨 and 饮用水 in 桶 are two totals
(`services.quantity_totals`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanwei.core.models import RegionOwned, acting_user

ITEM_MAX_CHARS = 50
NOTE_MAX_CHARS = 200


class Unit(models.TextChoices):
    """The units a town counts deliveries in. The stored value is the unit itself, so a
    total reads "2000 份" everywhere (pages, API, the figures)."""

    FEN = "份", _("份")
    CE = "册", _("册")
    BEN = "本", _("本")
    ZHANG = "张", _("张")
    JIAN = "件", _("件")
    GE = "个", _("个")
    TAO = "套", _("套")
    TAI = "台", _("台")
    XIANG = "箱", _("箱")
    DAI = "袋", _("袋")
    TONG = "桶", _("桶")
    PING = "瓶", _("瓶")
    DUN = "吨", _("吨")
    QIANKE = "千克", _("千克")
    JIN = "斤", _("斤")
    SHENG = "升", _("升")
    LIFANGMI = "立方米", _("立方米")
    MI = "米", _("米")
    GONGLI = "公里", _("公里")
    MU = "亩", _("亩")
    KE = "棵", _("棵")
    YUAN = "元", _("元")
    HU = "户", _("户")
    RENCI = "人次", _("人次")
    CI = "次", _("次")
    CHANG = "场", _("场")


class Quantity(RegionOwned):
    activity = models.ForeignKey(
        "activities.Activity",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quantities",
        verbose_name=_("活动"),
    )
    need = models.ForeignKey(
        "needs.Need",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quantities",
        verbose_name=_("群众需求"),
    )
    item = models.CharField(_("物资或成果"), max_length=ITEM_MAX_CHARS)
    quantity = models.DecimalField(_("数量"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("单位"), max_length=4, choices=Unit.choices)
    note = models.CharField(_("说明"), max_length=NOTE_MAX_CHARS, blank=True)
    created_by = acting_user(_("登记人"), editable=False, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    region_path_lookup = ("activity__region__path", "need__region__path")

    class Meta(RegionOwned.Meta):
        ordering = ("id",)
        verbose_name = _("物资与成果")
        verbose_name_plural = _("物资与成果")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(activity__isnull=False) & models.Q(need__isnull=True))
                | (models.Q(activity__isnull=True) & models.Q(need__isnull=False)),
                name="quantity_on_one_activity_or_need",
            ),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="quantity_is_positive"),
        ]
        indexes = [models.Index(fields=["item", "unit"])]

    def __str__(self) -> str:
        return f"{self.item} {self.quantity_text} {self.unit}"

    @property
    def owner(self):
        """The activity or the need this quantity was delivered on."""
        return self.activity if self.activity_id is not None else self.need

    @property
    def region(self):
        """The owner's region (what permissions are judged on: `accounts.backends`)."""
        owner = self.owner
        return owner.region if owner is not None else None

    @property
    def region_id(self):
        owner = self.owner
        return owner.region_id if owner is not None else None

    @property
    def quantity_text(self) -> str:
        return number_text(self.quantity)

    def log_region_path(self) -> str:
        region = self.region
        return region.path if region is not None else ""


def number_text(value) -> str:
    """2000.00 → "2000"; 12.50 → "12.5" (never an exponent)."""
    from decimal import Decimal

    text = f"{Decimal(str(value)):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
