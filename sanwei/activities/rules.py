"""Who may change what, given the object's state: small predicates next to the services.

Each takes the user (or `SYSTEM`) and the object and answers True or False; the
services turn False into `NotPermitted`, and pages may use the same predicates to show
or hide a button. The role grants themselves are declared in `permissions.py`.
"""

from __future__ import annotations

from sanwei.accounts.permissions import can

from .models import Activity, Campaign
from .permissions import CHANGE_ACTIVITIES, CHANGE_CAMPAIGNS, RECORD_ATTENDANCE


def may_change_campaign(user, campaign: Campaign) -> bool:
    """Only holders of CHANGE_CAMPAIGNS on the campaign's own region. A town's campaign
    is seen from its villages (the scope includes ancestors) but is read-only there:
    their secretaries run activities under it, they do not change it."""
    return can(user, CHANGE_CAMPAIGNS, campaign.region)


def may_change_activity(user, activity: Activity) -> bool:
    """Holders of CHANGE_ACTIVITIES on the activity's region (its attachments too)."""
    return can(user, CHANGE_ACTIVITIES, activity.region)


def may_record_attendance(user, activity: Activity) -> bool:
    """Holders of RECORD_ATTENDANCE on the activity's region."""
    return can(user, RECORD_ATTENDANCE, activity.region)
