"""Admin for teams and memberships: superusers only (their requests run unscoped)."""

from django.contrib import admin

from .models import Membership, Team


class SuperuserOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("person",)
    fields = ("person", "role", "started_on", "ended_on")


@admin.register(Team)
class TeamAdmin(SuperuserOnlyAdmin):
    list_display = ("name", "kind", "region", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "region__name", "region__code")
    list_select_related = ("region", "parent")
    autocomplete_fields = ("region", "parent")
    inlines = (MembershipInline,)


@admin.register(Membership)
class MembershipAdmin(SuperuserOnlyAdmin):
    list_display = ("person", "team", "role", "started_on", "ended_on")
    list_filter = ("role", "team__kind")
    search_fields = ("person__name", "team__name")
    list_select_related = ("person", "team")
    raw_id_fields = ("person",)
    autocomplete_fields = ("team",)
    date_hierarchy = "started_on"
