"""What the quantities app lets a role do, in the regions of the role's assignment.

- VIEW_QUANTITIES: see the quantities recorded on activities and needs, and their totals.
- CHANGE_QUANTITIES: add, change and remove quantities on an activity or a need of the
  region (those who organise activities and handle needs)."""

from sanwei.accounts.models import Role

VIEW_QUANTITIES = "quantities.view"
CHANGE_QUANTITIES = "quantities.change"

GRANTS = {
    Role.COUNTY_VIEWER: {VIEW_QUANTITIES},
    Role.TOWN_ADMIN: {VIEW_QUANTITIES, CHANGE_QUANTITIES},
    Role.VILLAGE_SECRETARY: {VIEW_QUANTITIES, CHANGE_QUANTITIES},
    Role.TEAM_LEADER: {VIEW_QUANTITIES, CHANGE_QUANTITIES},
    Role.VOLUNTEER: {VIEW_QUANTITIES},
}
