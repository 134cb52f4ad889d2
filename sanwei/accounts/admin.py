"""Accounts in the admin (superusers only, as every admin class): a password set here, for a
new account or over an existing one, must be changed by its owner at the next login."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from sanwei.core.admin import SuperuserOnly

from . import services

User = get_user_model()


class SanweiUserAdmin(SuperuserOnly, UserAdmin):
    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            services.password_set_by_other(obj, user=request.user)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            if user is not None and user != request.user:
                services.password_set_by_other(user, user=request.user)
        return response


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, SanweiUserAdmin)
