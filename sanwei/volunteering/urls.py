from django.urls import path

from sanwei.core.urls import crud_paths

from . import views

app_name = "volunteering"
urlpatterns = [
    # Service categories (global, not region-owned; town admins edit them)
    path("categories/", views.category_list, name="category_list"),
    *[
        p
        for p in crud_paths(views, "category", "categories/", detail=False)
        if p.name != "category_list"
    ],
    # An activity's service details and its sign-ups
    path("activities/<int:activity_pk>/service/edit/", views.service_edit, name="service_edit"),
    path("activities/<int:activity_pk>/signups/", views.signup_list, name="signup_list"),
    path("activities/<int:activity_pk>/signups/add/", views.signup_add, name="signup_add"),
    path("activities/<int:activity_pk>/signups/me/", views.signup_self, name="signup_self"),
    path(
        "activities/<int:activity_pk>/signups/attend/",
        views.record_signed_up,
        name="record_signed_up",
    ),
    path("signups/<int:signup_pk>/cancel/", views.signup_cancel, name="signup_cancel"),
    path("pick/volunteers/", views.volunteer_picker, name="volunteer_picker"),
]
