"""Django admin for the activity models: superusers only (the middleware disables the
region scope for them, so the scoped default managers answer everything)."""

from __future__ import annotations

from django.contrib import admin

from sanwei.core.admin import SuperuserOnly, SuperuserOnlyAdmin

from .models import Activity, ActivityAttachment, ActivityType, Attendance, Campaign


@admin.register(Campaign)
class CampaignAdmin(SuperuserOnlyAdmin):
    list_display = ("name", "region", "starts_on", "ends_on")
    list_filter = ("starts_on",)
    search_fields = ("name", "theme")
    list_select_related = ("region",)
    raw_id_fields = ("region",)
    date_hierarchy = "starts_on"


@admin.register(ActivityType)
class ActivityTypeAdmin(SuperuserOnlyAdmin):
    list_display = ("name", "code", "pillar", "is_delivery", "is_active", "sort_order")
    list_filter = ("pillar", "is_active", "is_delivery")
    list_editable = ("is_active", "sort_order")
    search_fields = ("name", "code")


class AttendanceInline(SuperuserOnly, admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ("person", "recorded_by")
    readonly_fields = ("recorded_at",)


class AttachmentInline(SuperuserOnly, admin.TabularInline):
    model = ActivityAttachment
    extra = 0
    readonly_fields = ("uploaded_at",)


@admin.register(Activity)
class ActivityAdmin(SuperuserOnlyAdmin):
    list_display = ("title", "activity_type", "campaign", "region", "starts_at", "mode")
    list_filter = ("activity_type__pillar", "activity_type", "mode", "campaign")
    search_fields = ("title", "place", "code")
    list_select_related = ("activity_type", "campaign", "region")
    raw_id_fields = ("region", "organising_team", "main_session", "campaign")
    readonly_fields = ("code", "created_by", "created_at", "updated_at")
    date_hierarchy = "starts_at"
    inlines = (AttendanceInline, AttachmentInline)


@admin.register(Attendance)
class AttendanceAdmin(SuperuserOnlyAdmin):
    list_display = ("person", "activity", "role", "hours", "recorded_via", "recorded_at")
    list_filter = ("role", "recorded_via")
    search_fields = ("person__name", "activity__title")
    list_select_related = ("person", "activity")
    raw_id_fields = ("activity", "person", "recorded_by")
    readonly_fields = ("recorded_at",)


@admin.register(ActivityAttachment)
class ActivityAttachmentAdmin(SuperuserOnlyAdmin):
    list_display = ("original_name", "activity", "size", "uploaded_at")
    search_fields = ("original_name", "activity__title")
    list_select_related = ("activity",)
    raw_id_fields = ("activity",)
    readonly_fields = ("uploaded_at",)
