"""`user.has_perm(permission, obj)` answered by the role table, so code below the domain
apps (the view toolkit in `sanwei.core`) can ask without importing them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from sanwei.regions.models import Region

from .permissions import can


def region_of(obj: Any):
    """The region an object lies in: itself for a region, else its `region` (None when
    the object has none yet, or no region at all: the permission is then asked anywhere)."""
    if obj is None:
        return None
    if isinstance(obj, Region):
        return obj
    if getattr(obj, "region_id", None) is None:
        return None
    return obj.region


class RolePermissionBackend(BaseBackend):
    def has_perm(self, user_obj, perm: str, obj: Any = None) -> bool:
        return can(user_obj, perm, region_of(obj))
