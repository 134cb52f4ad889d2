"""What the activities app lets a role do, in the regions of the role's assignment.
`sanwei.accounts.permissions` assembles every app's GRANTS into the one table; the
checks that also depend on an object's state are the predicates in `rules.py`."""

from sanwei.accounts.models import Role

VIEW_ACTIVITIES = "activities.view"
CHANGE_ACTIVITIES = "activities.change"  # activities and their attachments
RECORD_ATTENDANCE = "attendance.change"  # attendance and the unnamed headcount
CHANGE_CAMPAIGNS = "campaigns.change"
CHANGE_ACTIVITY_TYPES = "activity_types.change"

GRANTS = {
    Role.COUNTY_VIEWER: {VIEW_ACTIVITIES},
    Role.TOWN_ADMIN: {
        VIEW_ACTIVITIES,
        CHANGE_ACTIVITIES,
        RECORD_ATTENDANCE,
        CHANGE_CAMPAIGNS,
        CHANGE_ACTIVITY_TYPES,
    },
    Role.VILLAGE_SECRETARY: {VIEW_ACTIVITIES, CHANGE_ACTIVITIES, RECORD_ATTENDANCE},
    Role.TEAM_LEADER: {VIEW_ACTIVITIES, CHANGE_ACTIVITIES, RECORD_ATTENDANCE},
    Role.VOLUNTEER: {VIEW_ACTIVITIES},
}
