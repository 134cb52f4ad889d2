"""The one admin base of the project: the Django admin is for superusers only (their
requests run with region scopes disabled). Read-only records set `read_only = True`;
inlines mix in `SuperuserOnly`. Every addition, change and deletion made in the admin is
also written to the action log ("admin.added", "admin.changed" with each field before and
after, "admin.deleted" with what was deleted; personal values masked, see `core.audit`),
and the log itself is shown there read only."""

from __future__ import annotations

import json

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from . import audit
from .models import ActionLog, LoggedModel, log_event


def _log_admin(action_type: str, request: HttpRequest, obj: models.Model, data: dict) -> None:
    region_path = obj.log_region_path() if hasattr(obj, "log_region_path") else ""
    log_event(
        action_type,
        obj=obj,
        user=request.user,
        region_path=region_path,
        data={"model": obj._meta.label_lower, **data},
    )


def _changed_fields(message) -> list[str]:
    """The field names in Django's change message (a JSON list; never the values)."""
    try:
        entries = json.loads(message) if isinstance(message, str) else message or []
    except ValueError:
        return []
    fields: list[str] = []
    for entry in entries if isinstance(entries, list) else []:
        fields.extend(entry.get("changed", {}).get("fields", []))
    return fields


class SuperuserOnly:
    """Permissions of every admin class (ModelAdmin or inline): superusers only."""

    read_only = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return not self.read_only and self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return not self.read_only and self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return not self.read_only and self.has_module_permission(request)

    # Admin edits go to the action log too (besides Django's own admin history).
    def log_addition(self, request, obj, message):
        _log_admin("admin.added", request, obj, {})
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        data = {"fields": _changed_fields(message)}
        if isinstance(obj, LoggedModel):
            data["changes"] = audit.changes_since_load(obj)
        _log_admin("admin.changed", request, obj, data)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            data = {"object": str(obj)[:100]}
            if isinstance(obj, LoggedModel):
                data["deleted"] = audit.record_values(obj)
            cascaded = audit.cascaded_values(obj)
            if cascaded:
                data["also_deleted"] = cascaded
            _log_admin("admin.deleted", request, obj, data)
        return super().log_deletions(request, queryset)


class SuperuserOnlyAdmin(SuperuserOnly, admin.ModelAdmin):
    pass


@admin.register(ActionLog)
class ActionLogAdmin(SuperuserOnlyAdmin):
    """The action log, read only: nobody adds, changes or deletes a record here."""

    read_only = True
    list_display = ("created_at", "action_type", "user", "ip_address", "via", "region_path")
    list_filter = ("via", "action_type")
    search_fields = ("action_type", "region_path")
    list_select_related = ("user", "content_type")
    date_hierarchy = "created_at"
    readonly_fields = (
        "created_at", "action_type", "user", "ip_address", "via", "region_path",
        "content_type", "object_id", "data",
    )  # fmt: skip
    fields = readonly_fields
    actions = None
