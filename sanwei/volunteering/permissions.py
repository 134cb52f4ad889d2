"""What the volunteering app lets a role do, in the regions of the role's assignment.
`sanwei.accounts.permissions` assembles every app's GRANTS into the one table; the checks
that also depend on the object (whose sign-up, which activity) are in `rules.py`.

Setting an activity's category and limit needs the activities' own CHANGE_ACTIVITIES, and
recording signed-up volunteers as attendance RECORD_ATTENDANCE (the organiser's rights)."""

from sanwei.accounts.models import Role

CHANGE_SERVICE_CATEGORIES = "service_categories.change"
VIEW_SIGNUPS = "signups.view"  # the sign-up list and waiting list, with names
MANAGE_SIGNUPS = "signups.manage"  # sign up or cancel any volunteer of the region
SIGN_UP = "signups.own"  # a volunteer signs themself up or cancels (rules.may_sign_up)

GRANTS = {
    Role.COUNTY_VIEWER: {VIEW_SIGNUPS},
    Role.TOWN_ADMIN: {CHANGE_SERVICE_CATEGORIES, VIEW_SIGNUPS, MANAGE_SIGNUPS},
    Role.VILLAGE_SECRETARY: {VIEW_SIGNUPS, MANAGE_SIGNUPS},
    Role.TEAM_LEADER: {VIEW_SIGNUPS, MANAGE_SIGNUPS, SIGN_UP},
    Role.VOLUNTEER: {SIGN_UP},
}
