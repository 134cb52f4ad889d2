"""Volunteers (issue 10 parts 1 and 3): the registry (one `VolunteerProfile` per person)
and the certificates of their service (志愿服务记录证明).

A volunteer's squad is not stored here: it is their open `teams.Membership` in a team of
kind `squad` (`VolunteerProfile.squad`). Availability is six booleans, weekdays/weekends ×
mornings/afternoons/evenings, so a dispatch ranking can filter and count them in SQL;
`slot_field(when)` names the one a moment falls in."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanwei.core.models import RegionOwned, acting_user

# (field name, label) of the six availability slots, in display order.
AVAILABILITY_SLOTS = (
    ("weekday_morning", _("工作日上午")),
    ("weekday_afternoon", _("工作日下午")),
    ("weekday_evening", _("工作日晚上")),
    ("weekend_morning", _("周末上午")),
    ("weekend_afternoon", _("周末下午")),
    ("weekend_evening", _("周末晚上")),
)


def slot_field(when: datetime) -> str:
    """The availability field a moment (local time) falls in: before 12:00 morning,
    before 18:00 afternoon, else evening; Saturday and Sunday are the weekend."""
    local = timezone.localtime(when) if timezone.is_aware(when) else when
    days = "weekend" if local.weekday() >= 5 else "weekday"
    part = "morning" if local.hour < 12 else "afternoon" if local.hour < 18 else "evening"
    return f"{days}_{part}"


class VolunteerProfile(RegionOwned):
    """A person registered as a volunteer. Owned by the person's region."""

    person = models.OneToOneField(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="volunteer_profile",
        verbose_name=_("志愿者"),
    )
    # The town's division path + "-" + a four-digit sequence in that town: 430621101-0007.
    number = models.CharField(_("志愿者编号"), max_length=20, unique=True, editable=False)
    skills = models.CharField(_("技能特长"), max_length=200, blank=True)
    job_post = models.CharField(_("服务岗位"), max_length=100, blank=True)
    weekday_morning = models.BooleanField(_("工作日上午"), default=False)
    weekday_afternoon = models.BooleanField(_("工作日下午"), default=False)
    weekday_evening = models.BooleanField(_("工作日晚上"), default=False)
    weekend_morning = models.BooleanField(_("周末上午"), default=False)
    weekend_afternoon = models.BooleanField(_("周末下午"), default=False)
    weekend_evening = models.BooleanField(_("周末晚上"), default=False)
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)
    card_code = models.CharField(max_length=12, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    region_path_lookup = "person__region__path"

    class Meta(RegionOwned.Meta):
        ordering = ("number",)
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="volunteer_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.number}）"

    def log_region_path(self) -> str:
        return self.person.region.path

    @property
    def path(self) -> str:
        """Where the profile lies for `user.has_perm(permission, profile)` (accounts.backends
        asks an object without a `region` field for its `path`): the person's region."""
        return self.person.region.path

    @property
    def is_active(self) -> bool:
        return self.left_on is None or self.left_on > timezone.localdate()

    def available_at(self, when: datetime) -> bool:
        return bool(getattr(self, slot_field(when)))

    @property
    def availability_labels(self) -> list[str]:
        return [str(label) for field, label in AVAILABILITY_SLOTS if getattr(self, field)]

    @property
    def squad_membership(self):
        """The open membership in a squad (the most recent if several), or None."""
        from sanwei.teams.models import Membership, TeamKind

        return (
            Membership.unscoped.filter(
                person_id=self.person_id, team__kind=TeamKind.SQUAD, ended_on__isnull=True
            )
            .select_related("team", "team__region")
            .order_by("-started_on", "-id")
            .first()
        )

    @property
    def squad(self):
        membership = self.squad_membership
        return membership.team if membership else None


class Certificate(RegionOwned):
    """An issued 志愿服务记录证明: what it said, frozen at issue. The verification code is
    `<serial>-<signature>`: the random serial is stored, the signature is an HMAC of it
    (never stored), so an altered code fails before any lookup."""

    profile = models.ForeignKey(
        VolunteerProfile, on_delete=models.PROTECT, related_name="certificates"
    )
    serial = models.CharField(max_length=12, unique=True, editable=False)
    name = models.CharField(_("姓名"), max_length=50)
    masked_id = models.CharField(_("身份证号"), max_length=20, blank=True)
    squad_name = models.CharField(_("所在小队"), max_length=100, blank=True)
    total_hours = models.DecimalField(_("累计时长(小时)"), max_digits=8, decimal_places=1)
    star_level = models.PositiveSmallIntegerField(_("星级"))
    records = models.JSONField(_("服务记录"), default=list)
    issuer = models.CharField(_("出具单位"), max_length=100)
    issued_on = models.DateField(_("出具日期"))
    issued_by = acting_user(related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    region_path_lookup = "profile__person__region__path"

    class Meta(RegionOwned.Meta):
        ordering = ("-issued_on", "-id")
        verbose_name = _("志愿服务记录证明")
        verbose_name_plural = _("志愿服务记录证明")

    def __str__(self) -> str:
        return f"{self.name} · {self.issued_on}"

    def log_region_path(self) -> str:
        return self.profile.person.region.path
