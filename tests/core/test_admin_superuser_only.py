"""The admin is for superusers only, through the one base class in core."""

from django.contrib import admin

from sanwei.core.admin import SuperuserOnly


def test_every_registered_sanwei_admin_uses_the_core_base():
    ours = {
        model._meta.label: model_admin
        for model, model_admin in admin.site._registry.items()
        if model.__module__.startswith("sanwei.")
    }
    assert len(ours) == 13  # + the action log (read only)
    assert [label for label, a in ours.items() if not isinstance(a, SuperuserOnly)] == []


def test_a_staff_user_who_is_not_superuser_cannot_open_the_admin(client, django_user_model):
    staff = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff)
    response = client.get("/admin/people/person/")
    assert response.status_code == 403
