"""Logins, failed logins, lockouts and logouts go to the action log (connected in apps.ready)."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .services import log_login_event, must_change_password


@receiver(user_logged_in, dispatch_uid="sanwei_login_succeeded")
def login_succeeded(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        # Read once at login: the middleware then asks the session, not the database.
        from .middleware import MUST_CHANGE_KEY

        request.session[MUST_CHANGE_KEY] = must_change_password(user)
    two_factor = bool(getattr(request, "sanwei_two_factor", False))
    log_login_event(
        "login.succeeded", username=user.get_username(), account=user, data={"otp": two_factor}
    )


@receiver(user_login_failed, dispatch_uid="sanwei_login_failed")
def login_failed(sender, credentials, request=None, **kwargs) -> None:
    locked = bool(getattr(request, "axes_locked_out", False))
    log_login_event(
        "login.failed", username=str(credentials.get("username", ""))[:150], data={"locked": locked}
    )


@receiver(user_locked_out, dispatch_uid="sanwei_login_locked")
def login_locked(sender, request, username, ip_address, **kwargs) -> None:
    log_login_event("login.locked", username=str(username or "")[:150])


@receiver(user_logged_out, dispatch_uid="sanwei_logout")
def logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        log_login_event("logout", username=user.get_username(), account=user)
