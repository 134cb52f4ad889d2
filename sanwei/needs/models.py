"""微服务 needs (群众需求), the first part: a need and how it was registered. Issue 10 builds
its loop (accept, dispatch, resolve, rate, close, refer); today only `reported` is
reachable, by `services.register_need` (a conversion from a 微研讨 opinion among others).

A need converted from an opinion keeps the link both ways: `Need.source_opinion` and,
from the opinion, `opinion.need` (the one-to-one's reverse)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanwei.core.codes import random_code
from sanwei.core.models import LoggedModel, RegionOwned, acting_user

NEED_MAX_CHARS = 1000


def tracking_code() -> str:
    return random_code(12)


class NeedCategory(LoggedModel):
    """The configurable categories (Open311 `services`: `code` is the service_code).
    Defaults in migration 0002."""

    code = models.SlugField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=30)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ("sort_order", "code")
        verbose_name = _("需求类别")
        verbose_name_plural = _("需求类别")

    def __str__(self) -> str:
        return self.name


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("较急")
    CRITICAL = "critical", _("紧急")


class NeedState(models.TextChoices):
    REPORTED = "reported", _("已登记")
    ACCEPTED = "accepted", _("已受理")
    REJECTED = "rejected", _("不予受理")
    DISPATCHED = "dispatched", _("已派单")
    IN_PROGRESS = "in_progress", _("办理中")
    RESOLVED = "resolved", _("已解决")
    RATED = "rated", _("已评价")
    CLOSED = "closed", _("已办结")
    REFERRED = "referred", _("已上报")


class NeedSource(models.TextChoices):
    VISIT = "visit", _("入户走访")
    STAFF = "staff", _("电话或来访")
    OPINION = "opinion", _("群众意见转入")


class Need(RegionOwned):
    """What a resident needs help with, in a region (their village or 组)."""

    code = models.CharField(
        _("查询码"), max_length=12, unique=True, default=tracking_code, editable=False
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, verbose_name=_("所属区划")
    )
    household = models.ForeignKey(
        "people.Household",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
        verbose_name=_("户"),
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
        verbose_name=_("群众"),
    )
    description = models.TextField(_("需求内容"), max_length=NEED_MAX_CHARS)
    category = models.ForeignKey(
        NeedCategory, on_delete=models.PROTECT, related_name="needs", verbose_name=_("类别")
    )
    urgency = models.CharField(
        _("紧急程度"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=NeedState.choices, default=NeedState.REPORTED
    )
    source = models.CharField(_("来源"), max_length=10, choices=NeedSource.choices)
    source_opinion = models.OneToOneField(
        "seminar.Opinion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="need",
        verbose_name=_("来源意见"),
    )
    created_by = acting_user(_("登记人"), editable=False, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(RegionOwned.Meta):
        ordering = ("-created_at", "-id")
        verbose_name = _("群众需求")
        verbose_name_plural = _("群众需求")
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return self.description[:30]
