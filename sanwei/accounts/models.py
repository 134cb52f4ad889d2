"""Users hold (role, region) assignments; roles grant permissions inside a region subtree."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanwei.core.models import LoggedModel


class Role(models.TextChoices):
    COUNTY_VIEWER = "county_viewer", _("县级查看")
    TOWN_ADMIN = "town_admin", _("乡镇管理员")
    VILLAGE_SECRETARY = "village_secretary", _("村（社区）书记")
    TEAM_LEADER = "team_leader", _("队长")
    VOLUNTEER = "volunteer", _("志愿者")


class RoleAssignment(LoggedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="role_assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "region"], name="unique_role_assignment"
            )
        ]
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")

    def __str__(self) -> str:
        return f"{self.get_role_display()} @ {self.region}"


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("名称"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class AccountSecurity(models.Model):
    """Login state of one account beyond Django's user: whether its password was set by
    someone else and must be changed at the next login. An account without a row (made by
    `createsuperuser`, the demo builder) has nothing pending."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security"
    )
    must_change_password = models.BooleanField(_("须修改密码"), default=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("账号安全")
        verbose_name_plural = _("账号安全")

    def __str__(self) -> str:
        return str(self.user)
