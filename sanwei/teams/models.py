"""Teams: lecture teams (宣讲队), the volunteer brand with its squadron (中队) and squads (小队)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanwei.core.models import RegionOwned


class TeamKind(models.TextChoices):
    LECTURE = "lecture", _("宣讲队")
    VOLUNTEER_BRAND = "volunteer_brand", _("志愿服务品牌")
    SQUADRON = "squadron", _("志愿服务中队")
    SQUAD = "squad", _("志愿服务小队")
    PERFORMANCE = "performance", _("文艺宣传队")
    OTHER = "other", _("其他队伍")


class MemberRole(models.TextChoices):
    LEADER = "leader", _("队长")
    DEPUTY = "deputy", _("副队长")
    LECTURER = "lecturer", _("宣讲员")
    MEMBER = "member", _("队员")


class Team(RegionOwned):
    name = models.CharField(_("队伍名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=TeamKind.choices)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, verbose_name=_("所属区划")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subteams",
        verbose_name=_("上级队伍"),
    )
    description = models.TextField(_("简介"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(RegionOwned.Meta):
        ordering = ("region__path", "kind", "name")
        verbose_name = _("队伍")
        verbose_name_plural = _("队伍")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unique_team_name_in_region")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(RegionOwned):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(
        _("职务"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    started_on = models.DateField(_("加入日期"))
    ended_on = models.DateField(_("退出日期"), null=True, blank=True)

    region_path_lookup = "team__region__path"

    class Meta(RegionOwned.Meta):
        ordering = ("team", "role", "started_on")
        verbose_name = _("队员")
        verbose_name_plural = _("队员")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "person"],
                condition=models.Q(ended_on__isnull=True),
                name="one_open_membership_per_team",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.team}"

    def log_region_path(self) -> str:
        return self.team.region.path

    @property
    def is_active(self) -> bool:
        return self.ended_on is None
