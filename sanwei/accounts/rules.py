"""Who manages whom: the one rule behind creating accounts, granting and taking away roles,
and managing an account (deactivating it, resetting its password or two-factor device,
its API tokens).

- A superuser manages every account and grants every role anywhere.
- An account manager (a role with MANAGE_ACCOUNTS, at its region) manages only what is
  below them in their region: a lower role (ROLE_RANK) anywhere in their subtree, or a
  role of their own rank in a region strictly below theirs (a county-level admin over a
  town's admin). So a town admin manages the town's secretaries, leaders and volunteers,
  never another admin of the same town nor anyone above.
- Nobody manages their own account here (their password, two-factor device and tokens
  have their own pages), so nobody can raise or lock themselves.
"""

from __future__ import annotations

from .models import ROLE_RANK
from .permissions import MANAGE_ACCOUNTS, ROLE_PERMISSIONS, SYSTEM, assignments_of, can


def is_superuser(actor) -> bool:
    return actor is SYSTEM or (
        getattr(actor, "is_authenticated", False) and actor.is_active and actor.is_superuser
    )


def may_manage_role(actor, role: str, region) -> bool:
    """May `actor` give or take away `role` in `region` (a Region or its path), and so
    manage an account holding it there? See the module's rule."""
    if is_superuser(actor):
        return True
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if role not in ROLE_RANK:
        return False
    path = getattr(region, "path", region)
    rank = ROLE_RANK[role]
    for own, root in assignments_of(actor):
        if MANAGE_ACCOUNTS not in ROLE_PERMISSIONS.get(own, ()) or not path.startswith(root):
            continue
        own_rank = ROLE_RANK.get(own, 0)
        if rank < own_rank or (rank == own_rank and path != root):
            return True
    return False


def may_manage_account(actor, account) -> bool:
    """May `actor` deactivate `account`, reset its password or two-factor device, change its
    roles or manage its tokens? Never their own account, nor a superuser's unless they are
    one; an account manager only when they may manage every role the account holds."""
    if getattr(actor, "pk", None) is not None and actor.pk == account.pk:
        return False
    if is_superuser(actor):
        return True
    if account.is_superuser or not can(actor, MANAGE_ACCOUNTS):  # (active, authenticated)
        return False
    held = _held_roles(account)
    return bool(held) and all(may_manage_role(actor, role, path) for role, path in held)


def _held_roles(account) -> list[tuple[str, str]]:
    """(role, region path) of `account`'s roles. The users page asks this of every listed
    account: `services.listed_accounts` prefetches `role_assignments__region`, so there it
    costs no query (tests/accounts/test_account_list.py counts them); elsewhere (one
    account's page or action) it is one query."""
    if "role_assignments" in getattr(account, "_prefetched_objects_cache", {}):
        return [(a.role, a.region.path) for a in account.role_assignments.all()]
    return list(account.role_assignments.values_list("role", "region__path"))
