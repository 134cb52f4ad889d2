"""Who may import into a region and handle an import job: small predicates next to the
services (the grant itself, CHANGE_PEOPLE, is declared in `sanwei.people.permissions`)."""

from __future__ import annotations

from sanwei.accounts.permissions import can
from sanwei.people.permissions import CHANGE_PEOPLE
from sanwei.regions.models import Region

from .models import ImportJob


def may_import_into(user, region: Region) -> bool:
    """A roster import changes people and households: CHANGE_PEOPLE on its root region."""
    return can(user, CHANGE_PEOPLE, region)


def may_handle_job(user, job: ImportJob) -> bool:
    """Check again, confirm or cancel a job: whoever may import into its region."""
    return may_import_into(user, job.region)
