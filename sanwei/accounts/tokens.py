"""API bearer tokens: created once, shown once, stored as SHA-256."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from .models import ApiToken


def create_token(user, name: str) -> str:
    raw = "sw_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user, name=name, token_hash=hashlib.sha256(raw.encode()).hexdigest(), prefix=raw[:8]
    )
    return raw


def token_for_key(raw: str) -> ApiToken | None:
    """The active user's token with this raw value (its use is stamped), or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hashlib.sha256(raw.encode()).hexdigest(), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def user_for_token(raw: str):
    token = token_for_key(raw)
    return token.user if token is not None else None
