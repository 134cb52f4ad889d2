"""Field-level before/after for the action log: what a change changed, with personal
values masked by the caller's masks (people: `sanwei.people.privacy.audit_masks`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

Mask = Callable[[Any], str]


def _plain(value: Any) -> Any:
    """A JSON-storable form of a field value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def field_values(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The stored values of `fields` (foreign keys as their ids)."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        values[name] = _plain(getattr(obj, field.attname))
    return values


def field_changes(
    before: Mapping[str, Any], after: Mapping[str, Any], masks: Mapping[str, Mask] | None = None
) -> dict[str, dict[str, Any]]:
    """{field: {"before": …, "after": …}} for each field whose value differs; a field in
    `masks` is recorded through its mask (never in clear)."""
    masks = masks or {}
    changes = {}
    for name, old in before.items():
        new = after.get(name)
        if old == new:
            continue
        mask = masks.get(name)
        if mask is not None:
            old, new = (mask(old) if old else ""), (mask(new) if new else "")
        changes[name] = {"before": old, "after": new}
    return changes
