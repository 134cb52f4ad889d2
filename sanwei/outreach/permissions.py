"""What the outreach app lets a role do, in the regions of the role's assignment.
`sanwei.accounts.permissions` assembles every app's GRANTS into the one table; the checks
that also depend on a task's state are the predicates in `rules.py`."""

from sanwei.accounts.models import Role

VIEW_TASKS = "outreach.view"  # the task list, overdue tasks and recorded deliveries
ASSIGN_TASKS = "outreach.assign"  # assign, reassign, cancel; record a delivery directly
DO_TASKS = "outreach.do"  # may be an assignee: "my tasks", complete one's own task

GRANTS = {
    Role.COUNTY_VIEWER: {VIEW_TASKS},
    Role.TOWN_ADMIN: {VIEW_TASKS, ASSIGN_TASKS, DO_TASKS},
    Role.VILLAGE_SECRETARY: {VIEW_TASKS, ASSIGN_TASKS, DO_TASKS},
    Role.TEAM_LEADER: {VIEW_TASKS, ASSIGN_TASKS, DO_TASKS},
    Role.VOLUNTEER: {DO_TASKS},
}
