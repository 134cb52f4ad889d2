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


def user_region_path(user) -> str:
    """The region a login record belongs to: the account's topmost assigned region
    (superusers and accounts without a role: none)."""
    paths = [p for p in user.role_assignments.values_list("region__path", flat=True) if p]
    return min(paths, key=len) if paths else ""


def otp_required(user) -> bool:
    """Superusers and town admins must log in with a second factor (SANWEI_OTP_REQUIRED)."""
    if not settings.SANWEI_OTP_REQUIRED or not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.role_assignments.filter(role=Role.TOWN_ADMIN).exists()


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def must_change_password(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return AccountSecurity.objects.filter(user=user, must_change_password=True).exists()


@transaction.atomic
def password_set_by_other(user, *, by) -> None:
    """`by` set `user`'s password (a new account, a reset): `user` must change it at the
    next login."""
    security, _created = AccountSecurity.objects.select_for_update().get_or_create(user=user)
    security.must_change_password = True
    security.save(update_fields=["must_change_password"])
    log_event(
        "account.password_set_by_other",
        obj=user,
        user=by,
        region_path=user_region_path(user),
        data={"username": user.get_username()},
    )


@transaction.atomic
def password_changed(user) -> None:
    """`user` chose a new password themselves: nothing pending any more."""
    security, _created = AccountSecurity.objects.select_for_update().get_or_create(user=user)
    security.must_change_password = False
    security.password_changed_at = timezone.now()
    security.save(update_fields=["must_change_password", "password_changed_at"])
    log_event("password.changed", obj=user, user=user, region_path=user_region_path(user))


def log_login_event(action_type: str, *, username: str, user=None, data: dict | None = None):
    """A login record: `login.succeeded`, `login.failed`, `login.locked`, `logout`,
    `login.otp_failed`, `otp.enabled`. `user` is the account concerned (None when the
    username names no account)."""
    if user is None and username:
        user = get_user_model().objects.filter(username=username).first()
    return log_event(
        action_type,
        obj=user,
        user=user if action_type in {"login.succeeded", "logout", "otp.enabled"} else None,
        region_path=user_region_path(user) if user is not None else "",
        data={"username": username, **(data or {})},
        via="session",
    )
