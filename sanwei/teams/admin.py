"""Admin for teams and memberships: superusers only (their requests run unscoped)."""

from django.contrib import admin

from sanwei.core.admin import SuperuserOnlyAdmin

from .models import Membership, Team


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
