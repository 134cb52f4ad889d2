"""What the needs app lets a role do, in the regions of the role's assignment.

- VIEW_NEEDS: see needs (a volunteer sees those of their village: "open needs near me").
- REGISTER_NEEDS: register a need (staff on a call or a walk-in; also by converting an
  opinion). A volunteer registers on a door-to-door visit with WORK_NEEDS when their login
  acts as a squad volunteer of the town (`rules.may_register`).
- HANDLE_NEEDS: accept, reject, refer, dispatch, close, and rate on a resident's behalf;
  also start, resolve or give back for a volunteer.
- WORK_NEEDS: a volunteer's own moves: take an open need (抢单), start, resolve, give back
  the needs dispatched to them or their squad (`rules.py`)."""

from sanwei.accounts.models import Role

VIEW_NEEDS = "needs.view"
REGISTER_NEEDS = "needs.register"
HANDLE_NEEDS = "needs.handle"
WORK_NEEDS = "needs.work"

GRANTS = {
    Role.COUNTY_VIEWER: {VIEW_NEEDS},
    Role.TOWN_ADMIN: {VIEW_NEEDS, REGISTER_NEEDS, HANDLE_NEEDS},
    Role.VILLAGE_SECRETARY: {VIEW_NEEDS, REGISTER_NEEDS, HANDLE_NEEDS},
    Role.TEAM_LEADER: {VIEW_NEEDS, WORK_NEEDS},
    Role.VOLUNTEER: {VIEW_NEEDS, WORK_NEEDS},
}
