"""`user.has_perm(permission, obj)` answered by the role table, so code below the domain
apps (the view toolkit in `sanwei.core`) can ask without importing them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from .permissions import can


def region_of(obj: Any):
    """Where an object lies, for `can()`: its `region` (None while it has none yet), a
    region's own path, or None for an object outside the region tree (asked anywhere)."""
    if obj is None:
        return None
    if hasattr(obj, "region_id"):
        return obj.region if obj.region_id is not None else None
    return getattr(obj, "path", None)


class RolePermissionBackend(BaseBackend):
    def has_perm(self, user_obj, perm: str, obj: Any = None) -> bool:
        return can(user_obj, perm, region_of(obj))
