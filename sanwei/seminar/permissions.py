"""What the seminar app lets a role do, in the regions of the role's assignment.
`sanwei.accounts.permissions` assembles every app's GRANTS into the one table; the checks
that also depend on an opinion's state or assignee are the predicates in `rules.py`.

Courtyard meetings are activities: they are read and changed with the activities app's
permissions. Opinions have their own:

- VIEW_OPINIONS: the opinion list, details, overdue list, rates, answer templates.
- CHANGE_OPINIONS: record an opinion, assign / reassign it, decide on adoption, close,
  reopen, convert it to a need; manage answer templates.
- ANSWER_OPINIONS: may be the assignee of an opinion and answer the ones assigned to them.
- ANSWER_ANY_OPINION: answer any opinion, whoever it is assigned to (the town admin:
  "only the assignee or a town admin may answer").
"""

from sanwei.accounts.models import Role

VIEW_OPINIONS = "opinions.view"
CHANGE_OPINIONS = "opinions.change"
ANSWER_OPINIONS = "opinions.answer"
ANSWER_ANY_OPINION = "opinions.answer_any"

GRANTS = {
    Role.COUNTY_VIEWER: {VIEW_OPINIONS},
    Role.TOWN_ADMIN: {VIEW_OPINIONS, CHANGE_OPINIONS, ANSWER_OPINIONS, ANSWER_ANY_OPINION},
    Role.VILLAGE_SECRETARY: {VIEW_OPINIONS, CHANGE_OPINIONS, ANSWER_OPINIONS},
    Role.TEAM_LEADER: {VIEW_OPINIONS, ANSWER_OPINIONS},
    Role.VOLUNTEER: set(),
}
