"""What the volunteers app lets a role do, in the regions of the role's assignment.
`sanwei.accounts.permissions` assembles every app's GRANTS into the one table.

Confirming a volunteer's hours is part of recording attendance (谁组织谁记录，谁记录谁
证明): it needs RECORD_ATTENDANCE on the activity's region, not a right of this app."""

from sanwei.accounts.models import Role

VIEW_VOLUNTEERS = "volunteers.view"  # the registry, hours, stars, rankings
CHANGE_VOLUNTEERS = "volunteers.change"  # register, edit, print cards
ISSUE_CERTIFICATES = "certificates.issue"
OWN_HOURS = "volunteers.own"  # a volunteer's own phone page (hours, stars, history)

GRANTS = {
    Role.COUNTY_VIEWER: {VIEW_VOLUNTEERS},
    Role.TOWN_ADMIN: {VIEW_VOLUNTEERS, CHANGE_VOLUNTEERS, ISSUE_CERTIFICATES},
    Role.VILLAGE_SECRETARY: {VIEW_VOLUNTEERS, CHANGE_VOLUNTEERS, ISSUE_CERTIFICATES},
    Role.TEAM_LEADER: {VIEW_VOLUNTEERS},
    Role.VOLUNTEER: {OWN_HOURS},
}
