"""What the reviews app lets a role do, in the regions of the role's assignment.

- VIEW_REVIEWS: see reviews, their agendas and follow-ups (staff and the county).
- Holding a review, recording its conclusions and follow-ups and converting them is the
  needs-handling permission (`needs.permissions.HANDLE_NEEDS`): the staff who run the
  needs loop review it. A follow-up becomes a need only with REGISTER_NEEDS too."""

from sanwei.accounts.models import Role
from sanwei.needs.permissions import HANDLE_NEEDS

VIEW_REVIEWS = "reviews.view"
MANAGE_REVIEWS = HANDLE_NEEDS

GRANTS = {
    Role.COUNTY_VIEWER: {VIEW_REVIEWS},
    Role.TOWN_ADMIN: {VIEW_REVIEWS},
    Role.VILLAGE_SECRETARY: {VIEW_REVIEWS},
}
