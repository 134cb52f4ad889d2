"""What the needs app lets a role do, in the regions of the role's assignment (the first
part; issue 10 adds dispatching, resolving and rating)."""

from sanwei.accounts.models import Role

VIEW_NEEDS = "needs.view"
REGISTER_NEEDS = "needs.register"  # register a need (also by converting an opinion)

GRANTS = {
    Role.COUNTY_VIEWER: {VIEW_NEEDS},
    Role.TOWN_ADMIN: {VIEW_NEEDS, REGISTER_NEEDS},
    Role.VILLAGE_SECRETARY: {VIEW_NEEDS, REGISTER_NEEDS},
    Role.TEAM_LEADER: {VIEW_NEEDS},
    Role.VOLUNTEER: set(),
}
