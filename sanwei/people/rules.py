"""Who may change what, given the object's state: small predicates next to the services.
The services turn False into `NotPermitted`; the role grants are in `permissions.py`."""

from __future__ import annotations

from sanwei.accounts.permissions import can

from .models import Household, Person
from .permissions import CHANGE_PEOPLE, REVEAL_PERSONAL


def _stored_region_path(model, pk: int | None) -> str | None:
    """The region the record is saved under now (before an edit moves it)."""
    if pk is None:
        return None
    return model.unscoped.filter(pk=pk).values_list("region__path", flat=True).first()


def may_change_person(user, person: Person) -> bool:
    """CHANGE_PEOPLE on the person's region, and on the region they are moved from."""
    before = _stored_region_path(Person, person.pk)
    return can(user, CHANGE_PEOPLE, person.region) and (
        before is None or can(user, CHANGE_PEOPLE, before)
    )


def may_change_household(user, household: Household) -> bool:
    """CHANGE_PEOPLE on the household's region, and on the region it is moved from."""
    before = _stored_region_path(Household, household.pk)
    return can(user, CHANGE_PEOPLE, household.region) and (
        before is None or can(user, CHANGE_PEOPLE, before)
    )


def may_see_unmasked(user, person: Person) -> bool:
    """REVEAL_PERSONAL on the person's region (each look is logged)."""
    return can(user, REVEAL_PERSONAL, person.region)
