"""Admin for superusers only: the import records, read only (files and rows are not shown)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("original_name", "kind", "region", "status", "uploaded_by", "created_at")
    list_filter = ("status", "kind")
    search_fields = ("original_name", "sha256")
    fields = (
        "original_name",
        "kind",
        "region",
        "status",
        "uploaded_by",
        "committed_by",
        "created_at",
        "finished_at",
        "size",
        "sha256",
        "counts",
        "error_total",
        "warning_total",
        "error_message",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest):
        return ImportJob.all_jobs.select_related("region", "uploaded_by")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the record of who imported what stays
