"""Admin for superusers only; personal fields (ID number, phone) are not listed and the
encrypted ID columns are never shown."""

from __future__ import annotations

from django.contrib import admin

from sanwei.core.admin import SuperuserOnlyAdmin

from .models import Household, Person


@admin.register(Person)
class PersonAdmin(SuperuserOnlyAdmin):
    list_display = ("name", "region", "household", "relation_to_head", "party_status", "updated_at")
    list_filter = ("party_status", "is_frail", "is_mobility_impaired", "is_migrant")
    list_select_related = ("region", "household")
    search_fields = ("search_text",)
    raw_id_fields = ("region", "household")
    readonly_fields = ("search_text", "created_at", "updated_at")
    # Personal fields stay out of the admin: edit them on the person page, where they are masked.
    exclude = ("id_number_encrypted", "id_number_hash", "phone")


@admin.register(Household)
class HouseholdAdmin(SuperuserOnlyAdmin):
    list_display = ("__str__", "number", "region", "updated_at")
    list_select_related = ("region",)
    search_fields = ("number", "address")
    raw_id_fields = ("region",)
    readonly_fields = ("created_at", "updated_at")
