"""Who may sign whom up, given the activity and the person: predicates next to the
services, which turn False into `NotPermitted`. The role grants are in `permissions.py`."""

from __future__ import annotations

from sanwei.accounts.permissions import can
from sanwei.activities.services import in_user_scope
from sanwei.needs.rules import acting_person

from .permissions import MANAGE_SIGNUPS, SIGN_UP


def is_self(user, person) -> bool:
    """The login acts as `person` (needs.VolunteerAccount)."""
    own = acting_person(user)
    return own is not None and person is not None and own.pk == person.pk


def may_manage(user, activity) -> bool:
    """Staff and team leaders: MANAGE_SIGNUPS on the activity's region."""
    return can(user, MANAGE_SIGNUPS, activity.region)


def may_sign_up(user, activity, person) -> bool:
    """Staff sign up (or cancel) any volunteer they can see for an activity of their
    region; a volunteer only themself, for an activity of their region."""
    if may_manage(user, activity):
        return in_user_scope(user, person.region)
    return can(user, SIGN_UP, activity.region) and is_self(user, person)


def may_sign_up_self(user, activity) -> bool:
    """The login may sign up the person it acts as (used before a form is read)."""
    return can(user, SIGN_UP, activity.region) and acting_person(user) is not None
