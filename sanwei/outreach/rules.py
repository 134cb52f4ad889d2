"""Who may act on a 送学 task, given its state: small predicates next to the services.
The role grants themselves are declared in `permissions.py`."""

from __future__ import annotations

from sanwei.accounts.permissions import SYSTEM, can

from .models import DeliveryTask
from .permissions import ASSIGN_TASKS, DO_TASKS


def may_assign(user, region) -> bool:
    """Holders of ASSIGN_TASKS on the person's (or household's) region."""
    return can(user, ASSIGN_TASKS, region)


def may_be_assignee(assignee, region) -> bool:
    """An account may be given a task for a person only when one of its roles covers the
    person's region with DO_TASKS (a volunteer of another village may not)."""
    if assignee is None or assignee is SYSTEM or not getattr(assignee, "is_active", False):
        return False
    return can(assignee, DO_TASKS, region)


def may_complete(user, task: DeliveryTask) -> bool:
    """The assignee (while their role still covers the person's region), or staff with
    ASSIGN_TASKS on it."""
    region = task.person.region
    if can(user, ASSIGN_TASKS, region):
        return True
    is_assignee = getattr(user, "pk", None) is not None and user.pk == task.assignee_id
    return is_assignee and can(user, DO_TASKS, region)


def may_change_task(user, task: DeliveryTask) -> bool:
    """Cancel or reassign: holders of ASSIGN_TASKS on the person's region."""
    return can(user, ASSIGN_TASKS, task.person.region)
