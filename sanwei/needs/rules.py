"""Who may act on a need, given its state and assignee: small predicates next to the
services, which turn False into `NotPermitted`. The role grants are in `permissions.py`."""

from __future__ import annotations

from sanwei.accounts.permissions import SYSTEM, can, user_scope
from sanwei.teams.models import Membership, TeamKind

from .models import Need, VolunteerAccount
from .permissions import HANDLE_NEEDS, REGISTER_NEEDS, WORK_NEEDS


def town_path(region) -> str:
    """The path prefix of the town a region belongs to (the region's own path above it)."""
    from sanwei.regions.models import PATH_LENGTH, RegionLevel

    return region.path[: PATH_LENGTH[RegionLevel.TOWN]]


def is_squad_near(team, region) -> bool:
    """A volunteer squad (小队) of the need's town."""
    return team.kind == TeamKind.SQUAD and team.region.path.startswith(town_path(region))


def is_volunteer_near(person, region) -> bool:
    """A person with an open membership in a squad of the need's town."""
    return Membership.unscoped.filter(
        person=person,
        ended_on__isnull=True,
        team__kind=TeamKind.SQUAD,
        team__region__path__startswith=town_path(region),
    ).exists()


def sees(user, region) -> bool:
    """The region is inside what the user may see (their scope: the subtrees of their role
    assignments); SYSTEM and active superusers see everything."""
    if user is SYSTEM:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user_scope(user).contains(region.path)


def may_dispatch_to(user, need: Need, *, team=None, volunteer=None) -> bool:
    """The one rule of a dispatch target, for the page, the API and the service alike: a
    squad of the need's town, or a person with an open membership in one, that the caller
    can see (a village secretary dispatches within their village; a town admin anywhere in
    the town). The suggestions offer only such targets."""
    if team is not None:
        return is_squad_near(team, need.region) and sees(user, team.region)
    if volunteer is not None:
        return is_volunteer_near(volunteer, need.region) and sees(user, volunteer.region)
    return False


def acting_person(user):
    """The volunteer a login acts as (`VolunteerAccount`), or None."""
    if user is SYSTEM or not getattr(user, "is_authenticated", False):
        return None
    account = VolunteerAccount.unscoped.filter(user=user).select_related("person").first()
    return account.person if account else None


def is_assignee(user, need: Need) -> bool:
    """The need is dispatched to the user's person, or to a squad the person is in."""
    person = acting_person(user)
    if person is None:
        return False
    if need.volunteer_id is not None:
        return need.volunteer_id == person.pk
    if need.team_id is not None:
        return Membership.unscoped.filter(
            team_id=need.team_id, person=person, ended_on__isnull=True
        ).exists()
    return False


def may_work_on(user, need: Need) -> bool:
    """Start, resolve, give back: staff (HANDLE_NEEDS on the region) or the assignee while
    their role still covers the region."""
    if can(user, HANDLE_NEEDS, need.region):
        return True
    return can(user, WORK_NEEDS, need.region) and is_assignee(user, need)


def is_working_volunteer(user, region) -> bool:
    """The login has WORK_NEEDS on the region and acts as a squad volunteer of its town."""
    if not can(user, WORK_NEEDS, region):
        return False
    person = acting_person(user)
    return person is not None and is_volunteer_near(person, region)


def may_register(user, region) -> bool:
    """Staff with REGISTER_NEEDS, or a squad volunteer of the town on a visit."""
    return can(user, REGISTER_NEEDS, region) or is_working_volunteer(user, region)
