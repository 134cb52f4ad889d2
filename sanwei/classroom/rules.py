"""Who may change what, given the object's state: small predicates next to the services.
The services turn False into `NotPermitted`; the role grants are in `permissions.py`."""

from __future__ import annotations

from sanwei.accounts.permissions import can
from sanwei.activities.permissions import CHANGE_ACTIVITIES, RECORD_ATTENDANCE
from sanwei.activities.rules import may_change_activity

from .models import Material
from .permissions import CHANGE_MATERIALS


def may_change_material(user, material: Material) -> bool:
    """Holders of CHANGE_MATERIALS on the material's own region: a town's material is
    seen (and used) in its villages, but changed only at the town."""
    return can(user, CHANGE_MATERIALS, material.region)


def may_record_lecture(user, region) -> bool:
    """A mobile lecture is an activity and its attendance: both rights on the region."""
    return can(user, CHANGE_ACTIVITIES, region) and can(user, RECORD_ATTENDANCE, region)


def may_change_script(user, activity) -> bool:
    """A performance's script is part of its activity."""
    return may_change_activity(user, activity)
