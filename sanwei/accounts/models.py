"""Users hold (role, region) assignments; roles grant permissions inside a region subtree."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanwei.core.models import LoggedModel, acting_user


class Role(models.TextChoices):
    COUNTY_VIEWER = "county_viewer", _("县级查看")
    TOWN_ADMIN = "town_admin", _("乡镇管理员")
    VILLAGE_SECRETARY = "village_secretary", _("村（社区）书记")
    TEAM_LEADER = "team_leader", _("队长")
    VOLUNTEER = "volunteer", _("志愿者")


# How far up each role stands: an account manager may grant a role only up to their own.
# The county viewer reads a whole county, so it stands above a town admin.
ROLE_RANK: dict[str, int] = {
    Role.COUNTY_VIEWER: 50,
    Role.TOWN_ADMIN: 40,
    Role.VILLAGE_SECRETARY: 30,
    Role.TEAM_LEADER: 20,
    Role.VOLUNTEER: 10,
}


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


TOKEN_DEFAULT_DAYS = 90
TOKEN_MAX_DAYS = 365


def default_token_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=TOKEN_DEFAULT_DAYS)


class ApiToken(LoggedModel):
    """A bearer token for the API; only its SHA-256 is stored. It works until it expires
    or is revoked, whichever comes first; a revoked token stays listed (who, when)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("名称"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("到期时间"), default=default_token_expiry)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revoked_by = acting_user(_("吊销人"), related_name="+")

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def state(self) -> str:
        """ "active", "expired" or "revoked" (a revoked token is revoked even once expired)."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "active"

    def log_region_path(self) -> str:
        """A token's records belong to its owner's topmost region, like the owner's logins."""
        paths = [p for p in self.user.role_assignments.values_list("region__path", flat=True)]
        return min(paths, key=len) if paths else ""


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
