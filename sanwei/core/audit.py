"""Field-level before/after for the action log: what a change changed, and what a
deletion deleted, with personal values masked.

One mechanism for every logged model (`core.models.LoggedModel`):

- a record loaded from the database keeps the values it was loaded with (`remember`,
  called from `LoggedModel.from_db`: a reference to the row, no copy but of JSON values);
- `obj.log_action(...)` compares them with the record as it is now (`changes_since_load`)
  and stores `{"changes": {field: {"before", "after"}}}`; an action ending in `.deleted`
  or `.removed` stores the record's values instead (`{"deleted": {...}}`), and the values
  of the records deleted along with it by CASCADE (`{"also_deleted": {...}}`,
  `cascaded_values`: an activity's attendances, a team's memberships);
- after logging, the values logged become the new "before" (`mark_logged`), so a second
  change in the same request is recorded on its own.

A model says which values are personal and how each is shown (`audit_masks`: the masks of
the pages, e.g. `people.privacy.AUDIT_MASKS`) and which columns are bookkeeping
(`audit_exclude`). Whatever it forgets fails closed: a column named like a personal field
(`PERSONAL_FIELD_NAMES`) without a mask is recorded as "***", and encrypted or hashed
columns, primary keys, automatic timestamps, binary and generated columns never are.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import models
from django.db.models.base import DEFERRED
from django.utils import timezone

Mask = Callable[[Any], str]

# Columns recorded only through a mask, whatever model they are on; without the model's
# own mask they are recorded as HIDDEN.
PERSONAL_FIELD_NAMES = frozenset(
    {"id_number", "phone", "landline", "mobile", "contact_phone", "password", "birth_date"}
)
HIDDEN = "***"

# Verbs (an action type's last part) that record what was deleted instead of the changes.
DELETION_VERBS = frozenset({"deleted", "removed"})


def _plain(value: Any) -> Any:
    """A JSON-storable form of a field value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 100.00 and 100 alike: "100"
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if value is None or isinstance(value, str | int | float | bool | dict | list):
        return value
    return str(value)


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


# -- the automatic before/after of LoggedModel ----------------------------------------------

_AUDITED_CACHE: dict[type, tuple[tuple[str, str], ...]] = {}


def audited_fields(model: type[models.Model]) -> tuple[tuple[str, str], ...]:
    """(name, attname) of the columns a change of `model` is recorded by."""
    cached = _AUDITED_CACHE.get(model)
    if cached is not None:
        return cached
    exclude = frozenset(getattr(model, "audit_exclude", ()))
    fields = []
    for field in model._meta.concrete_fields:
        if (
            field.primary_key
            or field.name in exclude
            or "encrypted" in field.name
            or field.name.endswith("_hash")
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
            or isinstance(field, models.BinaryField | models.GeneratedField)
        ):
            continue
        fields.append((field.name, field.attname))
    _AUDITED_CACHE[model] = cached = tuple(fields)
    return cached


def _masks(model: type[models.Model]) -> dict[str, Mask]:
    masks: dict[str, Mask] = dict.fromkeys(PERSONAL_FIELD_NAMES, lambda value: HIDDEN)
    masks.update(getattr(model, "audit_masks", None) or {})
    return masks


def _mutable_copy(value: Any) -> Any:
    return copy.deepcopy(value) if isinstance(value, dict | list) else value


def remember(obj: models.Model, field_names: Iterable[str], values: Iterable[Any]) -> None:
    """Keep the values `obj` was loaded with (from `Model.from_db`). Cheap: the row itself
    is kept; only JSON values are copied, since they can be changed in place."""
    if _has_json(type(obj)):
        values = tuple(_mutable_copy(v) for v in values)
    obj._audit_loaded = (field_names, values)


_JSON_CACHE: dict[type, bool] = {}


def _has_json(model: type[models.Model]) -> bool:
    found = _JSON_CACHE.get(model)
    if found is None:
        found = any(isinstance(f, models.JSONField) for f in model._meta.concrete_fields)
        _JSON_CACHE[model] = found
    return found


def _loaded(obj: models.Model) -> dict[str, Any] | None:
    """{attname: value} as loaded (or as last logged); None for a record never loaded."""
    state = obj.__dict__.get("_audit_loaded")
    if state is None or isinstance(state, dict):
        return state
    field_names, values = state
    concrete = obj._meta.concrete_fields
    if len(values) == len(concrete):
        attnames = [f.attname for f in concrete]
    else:  # deferred columns: the values follow the concrete fields that were loaded
        loaded = set(field_names)
        attnames = [f.attname for f in concrete if f.attname in loaded]
    snapshot = {a: v for a, v in zip(attnames, values, strict=False) if v is not DEFERRED}
    obj._audit_loaded = snapshot
    return snapshot


def _current(obj: models.Model) -> dict[str, Any]:
    """{attname: value} of the audited columns held in memory (deferred ones are not
    fetched; an expression such as F("n") + 1 is not a value yet)."""
    current = {}
    for _name, attname in audited_fields(type(obj)):
        value = obj.__dict__.get(attname, DEFERRED)
        if value is DEFERRED or hasattr(value, "resolve_expression"):
            continue
        current[attname] = value
    return current


def _same(old: Any, new: Any) -> bool:
    """Equal as values (one instant in two time zones, 100.00 and 100), else as stored."""
    try:
        if old == new:
            return True
    except TypeError:
        pass
    return _plain(old) == _plain(new)


def _encrypted(model: type[models.Model]) -> Mapping[str, str]:
    """{field name: its encrypted column's attname} of the personal fields `model` stores
    encrypted (`audit_encrypted`): recorded decrypted, through their masks."""
    return getattr(model, "audit_encrypted", None) or {}


def _clear(token: str | None) -> str:
    from sanwei.core import crypto

    return crypto.decrypt(token) if token else ""


def changes_since_load(obj: models.Model) -> dict[str, dict[str, Any]]:
    """What changed in `obj` since it was loaded (or last logged), masked: {} for a record
    that was never loaded (a new one) or changed nothing."""
    loaded = _loaded(obj)
    if loaded is None:
        return {}
    names = dict((attname, name) for name, attname in audited_fields(type(obj)))
    before, after = {}, {}
    for attname, value in _current(obj).items():
        if attname not in loaded or _same(loaded[attname], value):
            continue
        before[names[attname]] = _plain(loaded[attname])
        after[names[attname]] = _plain(value)
    for name, column in _encrypted(type(obj)).items():
        token = obj.__dict__.get(column, DEFERRED)
        if column not in loaded or token is DEFERRED or loaded[column] == token:
            continue
        old, new = _clear(loaded[column]), _clear(token)
        if old != new:
            before[name], after[name] = old, new
    return field_changes(before, after, _masks(type(obj)))


def record_values(obj: models.Model) -> dict[str, Any]:
    """The audited values of `obj` (what a deletion deleted), personal ones masked; empty
    values and unset flags are left out."""
    masks = _masks(type(obj))
    values = {}
    names = dict((attname, name) for name, attname in audited_fields(type(obj)))
    for attname, value in _current(obj).items():
        if value is None or value is False or value in ("", [], {}):
            continue
        name = names[attname]
        mask = masks.get(name)
        values[name] = mask(_plain(value)) if mask is not None else _plain(value)
    for name, column in _encrypted(type(obj)).items():
        token = obj.__dict__.get(column)
        if token and token is not DEFERRED:
            values[name] = masks.get(name, lambda value: HIDDEN)(_clear(token))
    return values


# At most this many records of one kind are listed in a deletion's "also_deleted" (the
# count is always there).
CASCADE_LIST_LIMIT = 200


def cascaded_values(obj: models.Model) -> dict[str, dict[str, Any]]:
    """What deleting `obj` deletes along with it (CASCADE), by kind: {"app.model":
    {"count": n, "records": [{"id": …, values masked as in `record_values`}, …]}}, at most
    CASCADE_LIST_LIMIT records listed per kind; {} when nothing goes with it. Raises
    ProtectedError as the deletion itself would (the caller's refusal applies)."""
    from django.db import router
    from django.db.models.deletion import Collector

    collector = Collector(using=router.db_for_write(type(obj), instance=obj), origin=obj)
    collector.collect([obj])
    found: dict[str, list[models.Model]] = {}
    counts: dict[str, int] = {}

    def add(model: type[models.Model], instances: Iterable[models.Model], count: int) -> None:
        label = model._meta.label_lower
        found.setdefault(label, []).extend(instances)
        counts[label] = counts.get(label, 0) + count

    for model, instances in collector.data.items():
        others = [i for i in instances if not (type(i) is type(obj) and i.pk == obj.pk)]
        if others:
            add(model, others[:CASCADE_LIST_LIMIT], len(others))
    for queryset in collector.fast_deletes:
        count = queryset.count()
        if count:
            add(queryset.model, queryset.order_by("pk")[:CASCADE_LIST_LIMIT], count)
    return {
        label: {
            "count": counts[label],
            "records": [
                {"id": _plain(i.pk), **record_values(i)}
                for i in sorted(found[label], key=lambda i: i.pk)[:CASCADE_LIST_LIMIT]
            ],
        }
        for label in sorted(found)
    }


def mark_logged(obj: models.Model) -> None:
    """The values just logged are the next change's "before"."""
    snapshot = {a: _mutable_copy(v) for a, v in _current(obj).items()}
    for column in _encrypted(type(obj)).values():
        if obj.__dict__.get(column, DEFERRED) is not DEFERRED:
            snapshot[column] = obj.__dict__[column]
    obj._audit_loaded = snapshot


def audit_data(obj: models.Model, action_type: str, data: dict | None) -> dict:
    """`data` with what the action did to `obj`: the deleted values for a deletion, else
    the changes since the record was loaded (left out when there are none, except for a
    `.changed` action, which records even "nothing" explicitly). A caller that passes its
    own `changes` or `deleted` keeps them."""
    data = dict(data or {})
    verb = action_type.rsplit(".", 1)[-1]
    if verb in DELETION_VERBS:
        data.setdefault("deleted", record_values(obj))
        if "also_deleted" not in data:
            cascaded = cascaded_values(obj)
            if cascaded:
                data["also_deleted"] = cascaded
    elif "changes" not in data:
        changes = changes_since_load(obj)
        if changes or verb == "changed":
            data["changes"] = changes
    return data
