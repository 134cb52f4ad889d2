"""Admin for superusers only; personal fields (ID number, phone) are not listed and the
encrypted ID columns are never shown."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sanwei.core.admin import SuperuserOnlyAdmin
from sanwei.core.errors import ServiceError

from . import services
from .models import Household, Person


def _erase_each(request, people, erase) -> None:
    done = 0
    for person in people:
        try:
            erase(person, user=request.user)
            done += 1
        except ServiceError as e:
            messages.error(request, e.message)
    if done:
        messages.success(request, gettext("已处理 %(n)d 名群众") % {"n": done})


@admin.action(description=_("匿名化所选群众（依申请注销个人信息，保留统计）"))
def anonymise_people(modeladmin, request, queryset) -> None:
    _erase_each(request, queryset, services.anonymise_person)


@admin.action(description=_("删除所选群众（依申请删除；受众参与改记为人数）"))
def erase_people(modeladmin, request, queryset) -> None:
    _erase_each(request, queryset, services.erase_person)


@admin.register(Person)
class PersonAdmin(SuperuserOnlyAdmin):
    list_display = ("name", "region", "household", "relation_to_head", "party_status", "updated_at")
    list_filter = ("party_status", "is_frail", "is_mobility_impaired", "is_migrant")
    list_select_related = ("region", "household")
    search_fields = ("search_text",)
    raw_id_fields = ("region", "household")
    readonly_fields = ("search_text", "created_at", "updated_at")
    # Personal fields stay out of the admin: edit them on the person page, where they are masked.
    exclude = (
        "id_number_encrypted",
        "id_number_hash",
        "phone_encrypted",
        "phone_hash",
        "phone_tail",
        "landline_encrypted",
    )
    actions = (anonymise_people, erase_people)


@admin.register(Household)
class HouseholdAdmin(SuperuserOnlyAdmin):
    list_display = ("__str__", "number", "region", "updated_at")
    list_select_related = ("region",)
    search_fields = ("number", "address")
    raw_id_fields = ("region",)
    readonly_fields = ("created_at", "updated_at")
