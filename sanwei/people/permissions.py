"""What the people app lets a role do, in the regions of the role's assignment.
`sanwei.accounts.permissions` assembles every app's GRANTS into the one table."""

from sanwei.accounts.models import Role

VIEW_PEOPLE = "people.view"
VIEW_SENSITIVE = "people.view_sensitive"  # unmasked ID numbers and phones, each view logged
CHANGE_PEOPLE = "people.change"  # people, households, roster imports

GRANTS = {
    Role.COUNTY_VIEWER: {VIEW_PEOPLE},
    Role.TOWN_ADMIN: {VIEW_PEOPLE, VIEW_SENSITIVE, CHANGE_PEOPLE},
    Role.VILLAGE_SECRETARY: {VIEW_PEOPLE, VIEW_SENSITIVE, CHANGE_PEOPLE},
    Role.TEAM_LEADER: {VIEW_PEOPLE},
}
