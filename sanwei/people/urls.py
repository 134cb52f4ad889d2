from django.urls import path

from . import pickers, views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("<int:person_pk>/", views.person_detail, name="person_detail"),
    path("<int:person_pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:person_pk>/delete/", views.person_delete, name="person_delete"),
    path("<int:person_pk>/sensitive/", views.person_sensitive, name="person_sensitive"),
    path("households/", views.household_list, name="household_list"),
    path("households/pick/", pickers.household_picker, name="household_picker"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:household_pk>/", views.household_detail, name="household_detail"),
    path("households/<int:household_pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<int:household_pk>/delete/", views.household_delete, name="household_delete"),
]
