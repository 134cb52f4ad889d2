"""Who may do what: one table of role → permissions, assembled from the apps, and one
function to ask.

- Each app declares its permissions and the roles that get them beside its code, in
  `<app>/permissions.py`: string constants and `GRANTS = {Role.X: {PERM, ...}}`. This
  module assembles every installed app's GRANTS into `ROLE_PERMISSIONS` on first use
  (after the app registry is ready), so accounts imports no domain app.
- Seeing is decided by the region scope (accounts.middleware); changing by `can()`,
  which also requires the object's region to lie inside the assignment's region.
- Services check permissions themselves: every write service takes `user=` and calls
  `require(user, PERM, region)`, which raises `NotPermitted` (403 on pages and in the
  API). Nobody is trusted by omission: `user=None` and anonymous users are refused.
  The system itself (demo builder, management commands run without a user, tasks
  started by the system) passes the explicit `SYSTEM` sentinel, which may do anything.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator, Mapping

from django.apps import apps
from django.utils.translation import gettext as _

from sanwei.core.errors import NotPermitted
from sanwei.core.scoping import RegionScope


class _System:
    """The system acting on its own (demo builder, commands, system tasks). Not a user:
    it is never authenticated, so nothing is logged in its name."""

    is_authenticated = False
    is_anonymous = False
    is_active = True
    is_superuser = False
    pk = None
    id = None

    def __repr__(self) -> str:
        return "SYSTEM"

    def __reduce__(self) -> str:
        return "SYSTEM"  # pickles (and copies) as the one sentinel


SYSTEM = _System()


# The accounts app's own permission: managing the accounts, role assignments and API tokens
# of the users whose roles lie in one's regions (the users and tokens pages). Roles are
# named by their values here: this module is read before the models are.
MANAGE_ACCOUNTS = "accounts.manage"

GRANTS: dict[str, set[str]] = {
    "town_admin": {MANAGE_ACCOUNTS},
}


class _RoleTable(Mapping[str, frozenset[str]]):
    """`{role: frozenset(permissions)}`, assembled from each installed app's
    `permissions.GRANTS` the first time it is read."""

    def __init__(self) -> None:
        self._table: dict[str, frozenset[str]] | None = None

    def _data(self) -> dict[str, frozenset[str]]:
        if self._table is None:
            table: dict[str, set[str]] = {}
            for grants in _app_grants():
                for role, permissions in grants.items():
                    table.setdefault(str(role), set()).update(permissions)
            self._table = {role: frozenset(perms) for role, perms in table.items()}
        return self._table

    def __getitem__(self, role: str) -> frozenset[str]:
        return self._data()[role]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())


def _app_grants() -> Iterator[Mapping]:
    for config in apps.get_app_configs():
        name = f"{config.name}.permissions"
        if importlib.util.find_spec(name) is None:
            continue
        grants = getattr(importlib.import_module(name), "GRANTS", None)
        if grants is not None:
            yield grants


ROLE_PERMISSIONS: Mapping[str, frozenset[str]] = _RoleTable()

# Until every caller imports the constants from the app that declares them, they stay
# importable from here too (resolved on first use; see __getattr__).
_DECLARED_IN = {
    "VIEW_PEOPLE": "sanwei.people.permissions",
    "VIEW_SENSITIVE": "sanwei.people.permissions",
    "REVEAL_PERSONAL": "sanwei.people.permissions",
    "CHANGE_PEOPLE": "sanwei.people.permissions",
    "VIEW_TEAMS": "sanwei.teams.permissions",
    "CHANGE_TEAMS": "sanwei.teams.permissions",
    "VIEW_ACTIVITIES": "sanwei.activities.permissions",
    "CHANGE_ACTIVITIES": "sanwei.activities.permissions",
    "RECORD_ATTENDANCE": "sanwei.activities.permissions",
    "CHANGE_CAMPAIGNS": "sanwei.activities.permissions",
    "CHANGE_ACTIVITY_TYPES": "sanwei.activities.permissions",
    "CHANGE_REGIONS": "sanwei.regions.permissions",
}


def __getattr__(name: str) -> str:
    if name in _DECLARED_IN:
        return getattr(importlib.import_module(_DECLARED_IN[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def assignments_of(user) -> list[tuple[str, str]]:
    """The (role, region path) pairs `user` holds, read once and cached on the user object
    for the request (the account's own rights: `can`, the scopes, `rules.may_manage_role`)."""
    cached = getattr(user, "_sanwei_assignments", None)
    if cached is None:
        cached = list(user.role_assignments.values_list("role", "region__path"))
        user._sanwei_assignments = cached
    return cached


def user_scope(user) -> RegionScope:
    """The subtrees the user may see."""
    if not getattr(user, "is_authenticated", False):
        return RegionScope(())
    return RegionScope.of(path for _role, path in assignments_of(user))


def permission_scope(user, permission: str) -> RegionScope | None:
    """The subtrees where `user` holds `permission`; None means everywhere (superuser
    or SYSTEM)."""
    if user is SYSTEM:
        return None
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return RegionScope(())
    if user.is_superuser:
        return None
    return RegionScope.of(
        path for role, path in assignments_of(user) if permission in ROLE_PERMISSIONS.get(role, ())
    )


def can(user, permission: str, region=None) -> bool:
    """May `user` use `permission` — anywhere (region None) or on an object in `region`?
    `region` is a Region or a region path. None and anonymous users may not; SYSTEM may."""
    if user is SYSTEM:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    path = getattr(region, "path", region)
    for role, root in assignments_of(user):
        if permission in ROLE_PERMISSIONS.get(role, ()) and (path is None or path.startswith(root)):
            return True
    return False


def refuse(permission: str = "") -> NotPermitted:
    """The one refusal: code `permission_denied`, a Chinese message, status 403."""
    return NotPermitted("permission_denied", _("没有权限执行此操作"), permission=permission)


def require(user, permission: str, region=None) -> None:
    """Raise NotPermitted unless `can(user, permission, region)`."""
    if not can(user, permission, region):
        raise refuse(permission)


def require_that(allowed: bool, permission: str = "") -> None:
    """Raise NotPermitted unless `allowed`: the answer of a state predicate (an app's
    `rules.py`, e.g. `may_change_campaign(user, campaign)`)."""
    if not allowed:
        raise refuse(permission)


def roles_of(user) -> set[str]:
    if user is SYSTEM or not getattr(user, "is_authenticated", False):
        return set()
    return {role for role, _path in assignments_of(user)}
