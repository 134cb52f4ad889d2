"""What the study app lets a role do, in the regions of the role's assignment.
`sanwei.accounts.permissions` assembles every app's GRANTS into the one table.

Sessions are activities: planning one also needs CHANGE_ACTIVITIES, and their attendance
is recorded with RECORD_ATTENDANCE on the activity pages."""

from sanwei.accounts.models import Role

VIEW_STUDY = "study.view"  # series, sessions, essays and their figures
CHANGE_STUDY = "study.change"  # series, participants, sessions, presenters
SUBMIT_ESSAYS = "essays.submit"
REVIEW_ESSAYS = "essays.review"  # score, comment, excellent, recommend upward, anthology

GRANTS = {
    Role.COUNTY_VIEWER: {VIEW_STUDY},
    Role.TOWN_ADMIN: {VIEW_STUDY, CHANGE_STUDY, SUBMIT_ESSAYS, REVIEW_ESSAYS},
    Role.VILLAGE_SECRETARY: {VIEW_STUDY, CHANGE_STUDY, SUBMIT_ESSAYS},
    Role.TEAM_LEADER: {VIEW_STUDY, SUBMIT_ESSAYS},
}
