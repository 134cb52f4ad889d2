"""What the regions app lets a role do, in the regions of the role's assignment.
`sanwei.accounts.permissions` assembles every app's GRANTS into the one table.

LOAD_REGIONS (loading a division-code list, `manage.py loadregions`) is granted to no
role: only a superuser or the system (`SYSTEM`) may load regions."""

from sanwei.accounts.models import Role

CHANGE_REGIONS = "regions.change"
LOAD_REGIONS = "regions.load"

GRANTS = {
    Role.TOWN_ADMIN: {CHANGE_REGIONS},
}
