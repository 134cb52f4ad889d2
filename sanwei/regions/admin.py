"""Admin for the region tree: superusers only. Bulk loading is `manage.py loadregions`."""

from django.contrib import admin

from sanwei.core.admin import SuperuserOnlyAdmin

from .models import Region


@admin.register(Region)
class RegionAdmin(SuperuserOnlyAdmin):
    list_display = ("code", "name", "level", "parent", "is_demo")
    list_filter = ("level", "is_demo")
    search_fields = ("code", "name")
    ordering = ("path",)
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    readonly_fields = ("path",)
