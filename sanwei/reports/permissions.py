"""What the reports app lets a role do, in the regions of the role's assignment.
`sanwei.accounts.permissions` assembles every app's GRANTS into the one table.

The figures (`reports.figures`) include coverage down to a 组 of a few households, so they
go with seeing coverage: volunteers, who do not see residents, do not see them either."""

from sanwei.accounts.models import Role

VIEW_FIGURES = "reports.view_figures"

GRANTS: dict[Role, set[str]] = {
    Role.COUNTY_VIEWER: {VIEW_FIGURES},
    Role.TOWN_ADMIN: {VIEW_FIGURES},
    Role.VILLAGE_SECRETARY: {VIEW_FIGURES},
    Role.TEAM_LEADER: {VIEW_FIGURES},
}
