"""Admin for superusers only: the import records, read only (files and rows are not shown)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from sanwei.core.admin import SuperuserOnlyAdmin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(SuperuserOnlyAdmin):
    read_only = True
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
        return ImportJob.unscoped.select_related("region", "uploaded_by")
