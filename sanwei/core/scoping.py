"""Region scoping: the one mechanism every query on region-owned data goes through.

A region's `path` is the significant prefix of its division code (2 digits for a
province, 4 city, 6 county, 9 town, 12 village, 15 villagers' group), so a subtree is
every row whose path starts with the root's path. A user's scope is a `RegionScope`, the
set of subtree roots they hold. Region-owned models derive from `core.models.RegionOwned`,
whose `objects` is a `RegionScopedManager` on the django-scopes dimension `region`:
outside an active scope any query raises `ScopeError` (fails closed); inside one it
filters with the `under` lookup. `Model.unscoped` (also the base manager, so following
a foreign key works) is for commands, tasks, the demo builder and tests only.

Request code never builds the scope itself: `accounts.middleware.RegionScopeMiddleware`
activates it once per request. Commands and tasks use `scope(region=...)` or
`scopes_disabled()` explicitly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Lookup
from django_scopes import scope, scopes_disabled
from django_scopes.exceptions import ScopeError
from django_scopes.manager import DisabledQuerySet
from django_scopes.state import get_scope

__all__ = [
    "RegionScope",
    "RegionScopedManager",
    "ScopeError",
    "region_scope",
    "scope",
    "scopes_disabled",
]


@dataclass(frozen=True)
class RegionScope:
    """The subtrees a user may see: a tuple of region paths (no path contains another)."""

    paths: tuple[str, ...]

    @classmethod
    def of(cls, paths: Iterable[str]) -> RegionScope:
        unique = sorted(set(paths), key=lambda p: (len(p), p))
        roots: list[str] = []
        for path in unique:
            if not any(path.startswith(root) for root in roots):
                roots.append(path)
        return cls(tuple(roots))

    def contains(self, path: str) -> bool:
        return any(path.startswith(root) for root in self.paths)

    def __bool__(self) -> bool:
        return bool(self.paths)


def region_scope(region_scope_value: RegionScope):
    """Context manager: activate a region scope (for commands, tasks and tests)."""
    return scope(region=region_scope_value)


# Significant digits of a region path at each level above a villagers' group.
_PATH_LENGTHS = (2, 4, 6, 9, 12)


class _ScopeLookup(Lookup):
    prepare_rhs = False
    include_ancestors = False

    def get_prep_lookup(self):
        if isinstance(self.rhs, str):
            return RegionScope((self.rhs,))
        if not isinstance(self.rhs, RegionScope):
            raise TypeError(f"the `{self.lookup_name}` lookup takes a RegionScope or a path")
        return self.rhs

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        paths = self.rhs.paths
        if not paths:
            return "1 = 0", []
        for path in paths:
            if not path.isdigit():
                raise ValueError(f"region path must be digits: {path!r}")
        parts = [f"{lhs} LIKE %s" for _ in paths]
        params: list = []
        for path in paths:
            params.extend(lhs_params)
            params.append(path + "%")
        if self.include_ancestors:
            ancestors = sorted({p[:n] for p in paths for n in _PATH_LENGTHS if n < len(p)})
            if ancestors:
                parts.append(f"{lhs} IN ({', '.join(['%s'] * len(ancestors))})")
                params.extend(lhs_params)
                params.extend(ancestors)
        return f"({' OR '.join(parts)})", params


@models.CharField.register_lookup
class Under(_ScopeLookup):
    """`path__under=RegionScope(...)`: path lies in one of the scope's subtrees.

    Paths hold digits only, so the LIKE patterns need no escaping; on PostgreSQL the
    `_like` index Django adds to indexed CharFields serves these prefix matches.
    """

    lookup_name = "under"


@models.CharField.register_lookup
class UnderOrAbove(_ScopeLookup):
    """`path__under_or_above=RegionScope(...)`: in one of the subtrees, or an ancestor of
    one of their roots. Campaigns use it: a town's campaign is seen (read only) by the
    secretaries of its villages, who run activities under it."""

    lookup_name = "under_or_above"
    include_ancestors = True


class RegionScopedManager(models.Manager):
    """The scoped `objects` manager of every `core.models.RegionOwned` model.

    It answers only inside `scope(region=RegionScope)` (django-scopes semantics: outside
    any scope each query raises `ScopeError`; inside `scopes_disabled()` it filters
    nothing). The model says how it reaches its owning region's path
    (`region_path_lookup`, e.g. "region__path" or "activity__region__path"; a tuple when
    a record belongs to whichever of several owners it names, e.g. an activity or a
    need: any of them inside the scope lets it be seen) and whether
    rows owned by an ancestor of the user's regions are seen too
    (`region_include_ancestors`; read-only by the permission rules).
    """

    def get_queryset(self):
        current = get_scope()
        if not current.get("_enabled", True):
            return super().get_queryset()
        if "region" not in current:
            return DisabledQuerySet(self.model, using=self._db, missing_scopes={"region"})
        value = current["region"]
        queryset = super().get_queryset()
        if value is None:
            return queryset
        lookup = "under_or_above" if self.model.region_include_ancestors else "under"
        paths = self.model.region_path_lookup
        if isinstance(paths, str):
            return queryset.filter(**{f"{paths}__{lookup}": value})
        condition = models.Q()
        for path in paths:
            condition |= models.Q(**{f"{path}__{lookup}": value})
        return queryset.filter(condition)

    def all(self):
        queryset = super().all()
        return queryset.all() if isinstance(queryset, DisabledQuerySet) else queryset
