"""API bearer tokens: created once, shown once, stored as SHA-256, with an expiry; a
revoked or expired token is refused with its own error code (`token_revoked`,
`token_expired`), an unknown one as `unauthenticated`."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.utils import timezone
from django.utils.translation import gettext as _

from sanwei.core.errors import ServiceError

from .models import TOKEN_DEFAULT_DAYS, ApiToken


class TokenRefused(ServiceError):
    """A known token that no longer works: 401 with its code in the API's error shape."""

    status = 401


LAST_USED_PRECISION = dt.timedelta(minutes=1)
"""A token's use is stamped at most once a minute (the page shows the minute): a client
sending a burst of requests does not write the token's row on each one."""


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token(
    user,
    name: str,
    *,
    expires_at: dt.datetime | None = None,
    days: int = TOKEN_DEFAULT_DAYS,
    by=None,
) -> tuple[ApiToken, str]:
    """Store a new token of `user` (valid until `expires_at`, or for `days` from now) and
    return it with its raw value, which is never stored. The creation is logged, by `by`
    (None: the system, e.g. the `createapitoken` command). Who may create whose token is
    checked by `services.issue_token`, which calls this."""
    raw = "sw_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        token_hash=_digest(raw),
        prefix=raw[:8],
        expires_at=expires_at or timezone.now() + dt.timedelta(days=days),
    )
    token.log_action(
        "token.issued",
        user=by,
        data={
            "username": user.get_username(),
            "name": name,
            "prefix": token.prefix,
            "expires_at": token.expires_at.isoformat(),
        },
    )
    return token, raw


def create_token(user, name: str, *, days: int = TOKEN_DEFAULT_DAYS, by=None) -> str:
    """`new_token`'s raw value only (the command, tests)."""
    return new_token(user, name, days=days, by=by)[1]


def check_token(raw: str) -> ApiToken | None:
    """The active user's token with this raw value, its use stamped (to the minute, see
    `LAST_USED_PRECISION`); None for an unknown
    value. Raises TokenRefused for a revoked or expired one (not stamped)."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_digest(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    state = token.state
    if state == "revoked":
        raise TokenRefused("token_revoked", _("此 API 令牌已被吊销，请向管理员申请新的令牌"))
    if state == "expired":
        raise TokenRefused("token_expired", _("此 API 令牌已过期，请在“API 令牌”页面新建一个"))
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def token_for_key(raw: str) -> ApiToken | None:
    """The usable token with this raw value (its use is stamped), or None (unknown,
    revoked or expired)."""
    try:
        return check_token(raw)
    except TokenRefused:
        return None


def user_for_token(raw: str):
    token = token_for_key(raw)
    return token.user if token is not None else None
