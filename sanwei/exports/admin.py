"""Export records in the admin: read only, for superusers auditing who exported what."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from sanwei.core.admin import SuperuserOnlyAdmin

from .models import ExportRecord


@admin.register(ExportRecord)
class ExportRecordAdmin(SuperuserOnlyAdmin):
    read_only = True
    list_display = ("created_at", "exporter", "format", "region", "user", "row_count", "unmasked")
    list_filter = ("exporter", "unmasked", "format")
    list_select_related = ("region", "user")
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest):
        return ExportRecord.unscoped.select_related("region", "user")
