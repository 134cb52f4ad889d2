"""Who may change what, given the object's state: small predicates next to the services.
The services turn False into `NotPermitted`; the role grants are in `permissions.py`."""

from __future__ import annotations

from sanwei.accounts.permissions import can

from .models import Membership, Team
from .permissions import CHANGE_TEAMS


def may_change_team(user, team: Team) -> bool:
    """Holders of CHANGE_TEAMS on the team's region (a new team: on the chosen region)."""
    return can(user, CHANGE_TEAMS, team.region)


def may_change_membership(user, membership: Membership) -> bool:
    """Memberships are changed by whoever may change their team."""
    return may_change_team(user, membership.team)
