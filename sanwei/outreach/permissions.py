"""What the outreach app lets a role do, in the regions of the role's assignment.
`sanwei.accounts.permissions` assembles every app's GRANTS into the one table."""

from sanwei.accounts.models import Role

GRANTS: dict[Role, set[str]] = {}
