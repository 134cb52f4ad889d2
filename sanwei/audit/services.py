"""Reading the action log: a user sees the records of the regions where they hold
VIEW_AUDIT (superusers: all, including the records of no region; nobody else sees
those). It fails closed: without the permission anywhere, nothing."""

from __future__ import annotations

from django.db.models import QuerySet

from sanwei.accounts.permissions import permission_scope
from sanwei.core.models import ActionLog

from .permissions import VIEW_AUDIT


def visible_log(user) -> QuerySet[ActionLog]:
    """The log records `user` may read, newest first, with their accounts loaded."""
    queryset = ActionLog.objects.select_related("user", "content_type")
    where = permission_scope(user, VIEW_AUDIT)
    if where is None:
        return queryset
    return queryset.filter(region_path__under=where)
