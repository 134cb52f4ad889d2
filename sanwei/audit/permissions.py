"""What the audit app lets a role do, in the regions of the role's assignment.
`sanwei.accounts.permissions` assembles every app's GRANTS into the one table.

The action log says who read and changed which resident's record, so it is for the town
office (and superusers, who see every region's)."""

from sanwei.accounts.models import Role

VIEW_AUDIT = "audit.view"

GRANTS: dict[Role, set[str]] = {
    Role.TOWN_ADMIN: {VIEW_AUDIT},
}

# Reconcile ID numbers registered twice across regions (`people.IdConflict`): the town
# office of either person.
RECONCILE_IDS = "audit.reconcile_ids"
GRANTS[Role.TOWN_ADMIN].add(RECONCILE_IDS)
