"""What the classroom app lets a role do, in the regions of the role's assignment.
`sanwei.accounts.permissions` assembles every app's GRANTS into the one table.

Lecture teams and their lectures are read with the teams' and activities' permissions;
mobile lectures are recorded with CHANGE_ACTIVITIES and RECORD_ATTENDANCE, 三句半 scripts
are edited with CHANGE_ACTIVITIES (they belong to their activity)."""

from sanwei.accounts.models import Role

VIEW_MATERIALS = "materials.view"
CHANGE_MATERIALS = "materials.change"

GRANTS = {
    Role.COUNTY_VIEWER: {VIEW_MATERIALS},
    Role.TOWN_ADMIN: {VIEW_MATERIALS, CHANGE_MATERIALS},
    Role.VILLAGE_SECRETARY: {VIEW_MATERIALS, CHANGE_MATERIALS},
    Role.TEAM_LEADER: {VIEW_MATERIALS, CHANGE_MATERIALS},
    Role.VOLUNTEER: {VIEW_MATERIALS},
}
