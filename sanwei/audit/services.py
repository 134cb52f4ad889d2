"""Reading the action log: a user sees the records of the regions where they hold
VIEW_AUDIT (superusers: all, including the records of no region; nobody else sees
those). It fails closed: without the permission anywhere, nothing.

And the town office's ID-number conflicts (`people.IdConflict`, opened by the no-oracle
writers): listed for the offices of either person, each side shown only as far as the
reader may identify it, closed as reconciled or dismissed with a note, logged."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import can, permission_scope, require_that
from sanwei.core.errors import ServiceError
from sanwei.core.models import ActionLog, user_or_none
from sanwei.people.models import ConflictStatus, IdConflict, Person
from sanwei.people.privacy import masked_id
from sanwei.people.services import may_identify

from .permissions import RECONCILE_IDS, VIEW_AUDIT

NOTE_MAX_CHARS = 200


def visible_log(user) -> QuerySet[ActionLog]:
    """The log records `user` may read, newest first, with their accounts loaded."""
    queryset = ActionLog.objects.select_related("user", "content_type")
    where = permission_scope(user, VIEW_AUDIT)
    if where is None:
        return queryset
    return queryset.filter(region_path__under=where)


# -- ID-number conflicts -------------------------------------------------------------------


def id_conflicts(user) -> QuerySet[IdConflict]:
    """The ID-number conflicts `user` reconciles: those naming a person in a region where
    they hold RECONCILE_IDS (either side), open ones first, newest first."""
    queryset = IdConflict.objects.select_related(
        "person__region", "holder__region", "created_by", "resolved_by"
    )
    where = permission_scope(user, RECONCILE_IDS)
    if where is not None:
        queryset = queryset.filter(
            Q(person__region__path__under=where) | Q(holder__region__path__under=where)
        )
    open_first = Case(When(status=ConflictStatus.OPEN, then=0), default=1)
    return queryset.order_by(open_first, "-created_at", "-id")


@dataclass(frozen=True)
class ConflictSide:
    """One person of a conflict as `user` may see them: name, region and masked ID number
    inside their scope; outside it only that the number is registered elsewhere."""

    visible: bool
    pk: int | None = None
    name: str = ""
    region: str = ""
    id_number: str = ""


def conflict_side(person: Person, user) -> ConflictSide:
    if not may_identify(user, person.region):
        return ConflictSide(visible=False)
    return ConflictSide(
        visible=True,
        pk=person.pk,
        name=person.name,
        region=person.region.name,
        id_number=masked_id(person),
    )


def may_reconcile(user, conflict: IdConflict) -> bool:
    return can(user, RECONCILE_IDS, conflict.person.region) or can(
        user, RECONCILE_IDS, conflict.holder.region
    )


OUTCOMES = (ConflictStatus.RECONCILED, ConflictStatus.DISMISSED)


@transaction.atomic
def resolve_id_conflict(conflict: IdConflict, *, outcome: str, note: str, user) -> IdConflict:
    """Close an open conflict as reconciled (the two records were set right, e.g. a wrong
    number corrected or the duplicate removed) or dismissed (nothing to do), with a note
    saying what was done. Refused without RECONCILE_IDS on either person's region; a
    conflict already closed (by someone else meanwhile) is `conflict_closed`."""
    require_that(may_reconcile(user, conflict), RECONCILE_IDS)
    if outcome not in OUTCOMES:
        raise ServiceError("outcome_unknown", _("请选择处理结果"), field="outcome")
    note = (note or "").strip()
    if not note:
        raise ServiceError("note_required", _("请填写处理说明"), field="note")
    if len(note) > NOTE_MAX_CHARS:
        raise ServiceError(
            "note_too_long",
            _("处理说明不能超过%(n)s个字") % {"n": NOTE_MAX_CHARS},
            field="note",
        )
    locked = (
        IdConflict.unscoped.select_for_update().select_related("person__region").get(pk=conflict.pk)
    )
    if locked.status != ConflictStatus.OPEN:
        raise ServiceError("conflict_closed", _("该冲突已由他人处理"))
    locked.status = outcome
    locked.note = note
    locked.resolved_by = user_or_none(user)
    locked.resolved_at = timezone.now()
    locked.save(update_fields=["status", "note", "resolved_by", "resolved_at"])
    locked.log_action(
        "sanwei.id_conflict.resolved",
        user=user,
        data={
            "from": ConflictStatus.OPEN,
            "to": outcome,
            "person": locked.person_id,
            "holder": locked.holder_id,
            "note": note,
        },
    )
    return locked
