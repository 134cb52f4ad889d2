"""定期复盘: a review of the needs loop for a region (a town or a village) and a period, held
on a day with its participants and conclusions. Its agenda is computed from the needs
(`agenda.py`), never stored. Follow-up actions (`FollowUp`) are recorded against it: each
is a task in itself (an owner, a due date, done or not) and may be turned into a need
(`FollowUp.need`; the need's source is `review`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanwei.core.models import RegionOwned, acting_user

TEXT_MAX_CHARS = 2000


class Review(RegionOwned):
    """One review meeting: which region's needs and which period it looks at."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("区划")
    )
    title = models.CharField(_("标题"), max_length=100)
    period_start = models.DateField(_("复盘期间起"))
    period_end = models.DateField(_("复盘期间止"))
    held_on = models.DateField(_("召开日期"))
    participants = models.TextField(_("参加人员"), max_length=TEXT_MAX_CHARS, blank=True)
    conclusions = models.TextField(_("会议结论"), max_length=TEXT_MAX_CHARS, blank=True)
    created_by = acting_user(_("创建人"), editable=False, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(RegionOwned.Meta):
        ordering = ("-held_on", "-id")
        verbose_name = _("复盘")
        verbose_name_plural = _("复盘")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="review_period_in_order",
                violation_error_message=_("复盘期间的结束日期不能早于开始日期"),
            )
        ]

    def __str__(self) -> str:
        return self.title


class FollowUp(RegionOwned):
    """A follow-up action decided at a review: what, who, by when, done or not; and, once
    converted, the need it became."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("复盘")
    )
    text = models.TextField(_("整改事项"), max_length=TEXT_MAX_CHARS)
    owner = models.CharField(_("责任人"), max_length=50, blank=True)
    due_on = models.DateField(_("完成期限"), null=True, blank=True)
    done = models.BooleanField(_("已完成"), default=False)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    need = models.OneToOneField(
        "needs.Need",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_up",
        verbose_name=_("转成的需求"),
    )
    created_by = acting_user(_("记录人"), editable=False, related_name="+")
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    region_path_lookup = "review__region__path"

    class Meta(RegionOwned.Meta):
        ordering = ("review", "id")
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")

    def __str__(self) -> str:
        return self.text[:30]

    def log_region_path(self) -> str:
        return self.review.region.path
