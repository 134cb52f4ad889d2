"""The one admin base of the project: the Django admin is for superusers only (their
requests run with region scopes disabled). Read-only records set `read_only = True`;
inlines mix in `SuperuserOnly`."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest


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


class SuperuserOnlyAdmin(SuperuserOnly, admin.ModelAdmin):
    pass
