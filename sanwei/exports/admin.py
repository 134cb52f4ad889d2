"""Export records in the admin: read only, for superusers auditing who exported what."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import ExportRecord


@admin.register(ExportRecord)
class ExportRecordAdmin(admin.ModelAdmin):
    list_display = ("created_at", "exporter", "format", "region", "user", "row_count", "unmasked")
    list_filter = ("exporter", "unmasked", "format")
    list_select_related = ("region", "user")
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest):
        return ExportRecord.all_records.select_related("region", "user")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
