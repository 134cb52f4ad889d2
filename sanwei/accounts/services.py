"""Login rules: who needs two-factor login, who must change their password, and the
action-log records of logins, failures, lockouts and logouts (with address and way)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanwei.core.models import log_event

from .models import AccountSecurity, Role
from .permissions import SYSTEM, refuse


def user_region_path(account) -> str:
    """The region a login record belongs to: the account's topmost assigned region
    (superusers and accounts without a role: none)."""
    paths = [p for p in account.role_assignments.values_list("region__path", flat=True) if p]
    return min(paths, key=len) if paths else ""


def otp_required(account) -> bool:
    """Superusers and town admins must log in with a second factor (SANWEI_OTP_REQUIRED)."""
    if not settings.SANWEI_OTP_REQUIRED or not getattr(account, "is_authenticated", False):
        return False
    return account.is_superuser or account.role_assignments.filter(role=Role.TOWN_ADMIN).exists()


def confirmed_device(account) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(account, confirmed=True).first()


def must_change_password(account) -> bool:
    if not getattr(account, "is_authenticated", False):
        return False
    return AccountSecurity.objects.filter(user=account, must_change_password=True).exists()


@transaction.atomic
def password_set_by_other(account, *, user) -> None:
    """`user` (a superuser, or SYSTEM) set `account`'s password (a new account, a reset):
    its owner must change it at the next login."""
    if not (user is SYSTEM or (getattr(user, "is_authenticated", False) and user.is_superuser)):
        raise refuse()
    security, _created = AccountSecurity.objects.select_for_update().get_or_create(user=account)
    security.must_change_password = True
    security.save(update_fields=["must_change_password"])
    log_event(
        "account.password_set_by_other",
        obj=account,
        user=user,
        region_path=user_region_path(account),
        data={"username": account.get_username()},
    )


@transaction.atomic
def password_changed(account) -> None:
    """The owner of `account` chose a new password: nothing pending any more."""
    security, _created = AccountSecurity.objects.select_for_update().get_or_create(user=account)
    security.must_change_password = False
    security.password_changed_at = timezone.now()
    security.save(update_fields=["must_change_password", "password_changed_at"])
    log_event("password.changed", obj=account, user=account, region_path=user_region_path(account))


def log_login_event(action_type: str, *, username: str, account=None, data: dict | None = None):
    """A login record: `login.succeeded`, `login.failed`, `login.locked`, `logout`,
    `login.otp_failed`, `otp.enabled`. `account` is the account concerned (None when the
    username names no account); it is the actor only once it has logged in."""
    if account is None and username:
        account = get_user_model().objects.filter(username=username).first()
    return log_event(
        action_type,
        obj=account,
        user=account if action_type in {"login.succeeded", "logout", "otp.enabled"} else None,
        region_path=user_region_path(account) if account is not None else "",
        data={"username": username, **(data or {})},
        via="session",
    )
