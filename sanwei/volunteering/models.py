"""Volunteer (service) activities (issue 10 part 2): the editable service categories, what a
微服务 activity adds (`ServiceActivity`: its category and sign-up limit; the place and the
squad are the activity's own `place` and `organising_team`) and the volunteers' sign-ups
with their waiting list (`SignUp`).

A waiting entry's position is not stored: it is its rank among the activity's waiting
entries by id (sign-ups to one activity are serialised by a lock on the activity, so id
order is the order they came in), so promoting the first keeps everyone else's order."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanwei.core.models import LoggedModel, RegionOwned, acting_user


class ServiceCategory(LoggedModel):
    """A field of volunteer service (环境整治, 关爱一老一小 …). Shared by the deployment;
    town admins edit them. Defaults in migration 0002."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=30)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ("sort_order", "name")
        verbose_name = _("服务类别")
        verbose_name_plural = _("服务类别")

    def __str__(self) -> str:
        return self.name


class ServiceActivity(RegionOwned):
    """What a 微服务-pillar activity adds: its service category and its sign-up limit
    (None: no limit). One per activity."""

    activity = models.OneToOneField(
        "activities.Activity",
        on_delete=models.CASCADE,
        related_name="service",
        verbose_name=_("活动"),
    )
    category = models.ForeignKey(
        ServiceCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("服务类别")
    )
    signup_limit = models.PositiveIntegerField(
        _("报名人数上限"), null=True, blank=True, help_text=_("不填则不限人数")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    region_path_lookup = "activity__region__path"

    class Meta(RegionOwned.Meta):
        verbose_name = _("志愿服务活动")
        verbose_name_plural = _("志愿服务活动")

    def __str__(self) -> str:
        return str(self.activity)

    def log_region_path(self) -> str:
        return self.activity.region.path


class SignUpStatus(models.TextChoices):
    SIGNED_UP = "signed_up", _("已报名")
    WAITING = "waiting", _("候补")
    CANCELLED = "cancelled", _("已取消")


ACTIVE_STATUSES = (SignUpStatus.SIGNED_UP, SignUpStatus.WAITING)


class SignUp(RegionOwned):
    """A volunteer's sign-up for an activity: a place, a waiting entry, or cancelled (kept).
    One active (signed up or waiting) sign-up per volunteer and activity."""

    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, related_name="signups"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="signups", verbose_name=_("志愿者")
    )
    status = models.CharField(_("状态"), max_length=12, choices=SignUpStatus.choices)
    created_at = models.DateTimeField(_("报名时间"), auto_now_add=True)
    created_by = acting_user(_("登记人"), related_name="+")
    promoted_at = models.DateTimeField(_("递补时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancelled_by = acting_user(_("取消人"), related_name="+")

    region_path_lookup = "activity__region__path"

    class Meta(RegionOwned.Meta):
        ordering = ("activity", "id")
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person"],
                condition=models.Q(status__in=["signed_up", "waiting"]),
                name="one_active_signup_per_volunteer",
            ),
        ]
        indexes = [models.Index(fields=["activity", "status"])]

    def __str__(self) -> str:
        return f"{self.person} → {self.activity}"

    def log_region_path(self) -> str:
        return self.activity.region.path
