"""Check-ins that matched nobody on the roster, waiting for staff."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanwei.core import crypto
from sanwei.core.models import RegionOwned
from sanwei.people.validation import mask_phone


class CheckinStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已登记为新群众")
    MERGED = "merged", _("已并入已有群众")
    REJECTED = "rejected", _("已驳回")


class UnverifiedCheckin(RegionOwned):
    """A resident checked in with a name and phone that matched no one (or several) on the
    roster of the activity's region. Staff confirm it as a new person, merge it into an
    existing one, or reject it; the first two record the attendance then."""

    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.CASCADE,
        related_name="unverified_checkins",
        verbose_name=_("活动"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    # The mobile number typed exists only encrypted (`phone`: a property below), beside
    # its keyed hash (the same as `Person.phone_hash`): matching to the roster and the
    # one-pending-entry constraint go by the hash, the pages decrypt one to mask it.
    phone_encrypted = models.TextField(editable=False)
    phone_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("签到时间"), auto_now_add=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=CheckinStatus.choices, default=CheckinStatus.PENDING
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unverified_checkins",
        verbose_name=_("群众"),
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("处理人"),
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    region_path_lookup = "activity__region__path"
    audit_masks = {"phone": mask_phone}
    audit_encrypted = {"phone": "phone_encrypted"}

    class Meta(RegionOwned.Meta):
        ordering = ("-created_at", "id")
        verbose_name = _("待确认签到")
        verbose_name_plural = _("待确认签到")
        constraints = [
            # One pending entry per name and phone at an activity (a resident who checks
            # in twice is one entry to resolve, not two).
            models.UniqueConstraint(
                fields=["activity", "name", "phone_hash"],
                condition=models.Q(status="pending"),
                name="one_pending_checkin_per_name_phone",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.name} @ {self.activity}"

    phone = crypto.encrypted_property(
        "phone_encrypted",
        """The mobile number typed, in clear (normalised, 11 digits).""",
        on_set=lambda checkin, value: setattr(
            checkin, "phone_hash", crypto.keyed_hash(value) if value else ""
        ),
    )

    def log_region_path(self) -> str:
        return self.activity.region.path
