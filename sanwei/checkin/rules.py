"""Who may resolve a check-in, given its activity (see activities/rules.py)."""

from __future__ import annotations

from sanwei.accounts.permissions import can
from sanwei.activities.permissions import RECORD_ATTENDANCE
from sanwei.people.permissions import CHANGE_PEOPLE

from .models import UnverifiedCheckin


def may_resolve(user, checkin: UnverifiedCheckin) -> bool:
    """Holders of RECORD_ATTENDANCE on the activity's region (merge, reject)."""
    return can(user, RECORD_ATTENDANCE, checkin.activity.region)


def may_confirm_as_new(user, checkin: UnverifiedCheckin) -> bool:
    """Registering a new person also needs CHANGE_PEOPLE on the activity's region."""
    return may_resolve(user, checkin) and can(user, CHANGE_PEOPLE, checkin.activity.region)
