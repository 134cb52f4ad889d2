"""The one mechanism behind every state loop (the 微研讨 opinions, the 微服务 needs): each
loop keeps its own table of transitions and its own messages; `move` is how a record goes
one step.

`move` locks the row, checks the table against the locked state (a state changed since the
caller read it is a conflict, not a mistake), asks the loop's `recheck` again on the locked
row, writes the event row before the record (so a lock-free control shows both racers past
the check), applies the changes, runs `after` (rows that hang on the move) and logs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from .errors import ServiceError
from .models import user_or_none


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    # The state it leads to; a set when the caller names one of them (e.g. a decision).
    target: str | frozenset[str]


def move(
    record,
    action: str,
    *,
    source_states: frozenset[str],
    target: str,
    user,
    event_model,
    event_field: str,
    log_prefix: str,
    conflict: Callable[[object], ServiceError],
    illegal: Callable[[str], ServiceError],
    also_conflict: Callable[[object], bool] | None = None,
    recheck: Callable[[object], None] | None = None,
    after: Callable[[object], None] | None = None,
    note: str = "",
    log_data: dict | None = None,
    changes: dict | None = None,
):
    """Move `record` (a model with `state`, `updated_at` and `log_action`) by `action` to
    `target`, recording an `event_model` row that points at it by `event_field`."""
    changes = changes or {}
    with transaction.atomic():
        locked = type(record).unscoped.select_for_update().get(pk=record.pk)
        if locked.state not in source_states:
            if locked.state != record.state or (also_conflict and also_conflict(locked)):
                raise conflict(locked)
            raise illegal(locked.state)
        if recheck is not None:
            recheck(locked)
        from_state = locked.state
        event_model.unscoped.create(
            **{event_field: locked},
            action=action,
            from_state=from_state,
            to_state=target,
            user=user_or_none(user),
            note=note,
        )
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.state = target
        locked.save(update_fields=[*changes, "state", "updated_at"])
        if after is not None:
            after(locked)
        locked.log_action(
            f"{log_prefix}.{action}",
            user=user,
            data={"from": from_state, "to": target, **(log_data or {})},
        )
    record.refresh_from_db()
    return record
