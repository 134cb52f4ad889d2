"""How the log page shows a record's details to people: each changed field by its Chinese
name with its value before and after, a state change as from → to in the loop's own
words, a deletion as what was deleted. The export and the API keep the stored JSON."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from sanwei.core.models import ActionLog

# Keys shown by their own lines below; every other key is shown as it is stored.
_SHOWN = ("changes", "deleted", "from", "to")


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(model, name: str) -> str:
    field = _field(model, name)
    return str(getattr(field, "verbose_name", "") or name) if field is not None else name


def _value(model, name: str, value: Any) -> str:
    """A stored value as people read it: a choice by its label, a reference as #id,
    yes/no, and 空 for nothing."""
    if value in (None, ""):
        return _("空")
    if value is True or value is False:
        return _("是") if value else _("否")
    field = _field(model, name)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation:
        return f"#{value}"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def detail_lines(entry: ActionLog) -> list[str]:
    """The lines the page shows for `entry`'s data."""
    data = entry.data if isinstance(entry.data, dict) else {}
    model = entry.content_type.model_class() if entry.content_type_id else None
    lines = []
    changes = dict(data.get("changes") or {})
    if "from" in data and "to" in data and _field(model, "state") is not None:
        changes.pop("state", None)  # the same move, said once
        lines.append(
            _("状态：%(before)s → %(after)s")
            % {
                "before": _value(model, "state", data["from"]),
                "after": _value(model, "state", data["to"]),
            }
        )
    elif "from" in data or "to" in data:
        lines.append(f"{_value(None, '', data.get('from'))} → {_value(None, '', data.get('to'))}")
    for name, change in changes.items():
        if not isinstance(change, dict):
            continue
        lines.append(
            _("%(field)s：%(before)s → %(after)s")
            % {
                "field": _label(model, name),
                "before": _value(model, name, change.get("before")),
                "after": _value(model, name, change.get("after")),
            }
        )
    deleted = data.get("deleted")
    if isinstance(deleted, dict) and deleted:
        values = "，".join(
            f"{_label(model, name)}={_value(model, name, value)}" for name, value in deleted.items()
        )
        lines.append(_("删除的内容：%(values)s") % {"values": values})
    rest = {key: value for key, value in data.items() if key not in _SHOWN}
    if rest:
        lines.append(json.dumps(rest, ensure_ascii=False, sort_keys=True))
    return lines
