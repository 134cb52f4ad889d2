"""What the teams app lets a role do, in the regions of the role's assignment.
`sanwei.accounts.permissions` assembles every app's GRANTS into the one table."""

from sanwei.accounts.models import Role

VIEW_TEAMS = "teams.view"
CHANGE_TEAMS = "teams.change"  # teams and their memberships

GRANTS = {
    Role.COUNTY_VIEWER: {VIEW_TEAMS},
    Role.TOWN_ADMIN: {VIEW_TEAMS, CHANGE_TEAMS},
    Role.VILLAGE_SECRETARY: {VIEW_TEAMS, CHANGE_TEAMS},
    Role.TEAM_LEADER: {VIEW_TEAMS},
    Role.VOLUNTEER: {VIEW_TEAMS},
}
