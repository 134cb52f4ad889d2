"""What the people app lets a role do, in the regions of the role's assignment.
`sanwei.accounts.permissions` assembles every app's GRANTS into the one table."""

from sanwei.accounts.models import Role

VIEW_PEOPLE = "people.view"
VIEW_SENSITIVE = "people.view_sensitive"  # birth dates, unmasked exports (logged)
# Reveal one person's full ID number, phone or landline, one field at a time: an explicit
# action (a button on the person page, POST /api/v1/people/{id}/reveal), each one logged
# with who, whom and which field (`services.reveal_field`).
REVEAL_PERSONAL = "people.reveal"
CHANGE_PEOPLE = "people.change"  # people, households, roster imports

GRANTS = {
    Role.COUNTY_VIEWER: {VIEW_PEOPLE},
    Role.TOWN_ADMIN: {VIEW_PEOPLE, VIEW_SENSITIVE, REVEAL_PERSONAL, CHANGE_PEOPLE},
    Role.VILLAGE_SECRETARY: {VIEW_PEOPLE, VIEW_SENSITIVE, REVEAL_PERSONAL, CHANGE_PEOPLE},
    Role.TEAM_LEADER: {VIEW_PEOPLE},
}
