"""What the coverage app lets a role do, in the regions of the role's assignment.
`sanwei.accounts.permissions` assembles every app's GRANTS into the one table.

Coverage is about residents (who has been reached, down to a 组 of a dozen households),
so it goes with seeing residents: volunteers, who may not see the roster
(`people.view`), do not see coverage either."""

from sanwei.accounts.models import Role

VIEW_COVERAGE = "coverage.view"

GRANTS: dict[Role, set[str]] = {
    Role.COUNTY_VIEWER: {VIEW_COVERAGE},
    Role.TOWN_ADMIN: {VIEW_COVERAGE},
    Role.VILLAGE_SECRETARY: {VIEW_COVERAGE},
    Role.TEAM_LEADER: {VIEW_COVERAGE},
}
