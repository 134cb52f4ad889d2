"""Who may do what: one table of role → permissions, one function to ask.

Seeing is decided by the region scope (accounts.middleware); changing by `can()`,
which also requires the object's region to lie inside the assignment's region.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from sanwei.core.scoping import RegionScope

from .models import Role

VIEW_PEOPLE = "people.view"
VIEW_SENSITIVE = "people.view_sensitive"  # unmasked ID numbers and phones, each view logged
CHANGE_PEOPLE = "people.change"
VIEW_TEAMS = "teams.view"
CHANGE_TEAMS = "teams.change"
VIEW_ACTIVITIES = "activities.view"
CHANGE_ACTIVITIES = "activities.change"
RECORD_ATTENDANCE = "attendance.change"
CHANGE_CAMPAIGNS = "campaigns.change"
CHANGE_ACTIVITY_TYPES = "activity_types.change"
CHANGE_REGIONS = "regions.change"

_VIEW = {VIEW_PEOPLE, VIEW_TEAMS, VIEW_ACTIVITIES}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.COUNTY_VIEWER: frozenset(_VIEW),
    Role.TOWN_ADMIN: frozenset(
        _VIEW
        | {
            VIEW_SENSITIVE,
            CHANGE_PEOPLE,
            CHANGE_TEAMS,
            CHANGE_ACTIVITIES,
            RECORD_ATTENDANCE,
            CHANGE_CAMPAIGNS,
            CHANGE_ACTIVITY_TYPES,
            CHANGE_REGIONS,
        }
    ),
    Role.VILLAGE_SECRETARY: frozenset(
        _VIEW | {VIEW_SENSITIVE, CHANGE_PEOPLE, CHANGE_TEAMS, CHANGE_ACTIVITIES, RECORD_ATTENDANCE}
    ),
    Role.TEAM_LEADER: frozenset(
        {VIEW_PEOPLE, VIEW_TEAMS, VIEW_ACTIVITIES, CHANGE_ACTIVITIES, RECORD_ATTENDANCE}
    ),
    Role.VOLUNTEER: frozenset({VIEW_TEAMS, VIEW_ACTIVITIES}),
}


def _assignments(user) -> list[tuple[str, str]]:
    """(role, region path) pairs, cached on the user object for the request."""
    cached = getattr(user, "_sanwei_assignments", None)
    if cached is None:
        cached = list(user.role_assignments.values_list("role", "region__path"))
        user._sanwei_assignments = cached
    return cached


def user_scope(user) -> RegionScope:
    """The subtrees the user may see."""
    if not getattr(user, "is_authenticated", False):
        return RegionScope(())
    return RegionScope.of(path for _role, path in _assignments(user))


def permission_scope(user, permission: str) -> RegionScope | None:
    """The subtrees where `user` holds `permission`; None means everywhere (superuser)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return RegionScope(())
    if user.is_superuser:
        return None
    return RegionScope.of(
        path for role, path in _assignments(user) if permission in ROLE_PERMISSIONS.get(role, ())
    )


def can(user, permission: str, region=None) -> bool:
    """May `user` use `permission` — anywhere (region None) or on an object in `region`?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    path = getattr(region, "path", region)
    for role, root in _assignments(user):
        if permission in ROLE_PERMISSIONS.get(role, ()) and (path is None or path.startswith(root)):
            return True
    return False


def require(user, permission: str, region=None) -> None:
    if not can(user, permission, region):
        raise PermissionDenied(permission)


def roles_of(user) -> set[str]:
    return {role for role, _path in _assignments(user)}
