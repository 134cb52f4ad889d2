from django.urls import path

from sanwei.core.urls import crud_paths

from . import pickers, views

app_name = "people"
urlpatterns = [
    *crud_paths(views, "person"),
    path("<int:person_pk>/sensitive/", views.person_sensitive, name="person_sensitive"),
    *crud_paths(views, "household", "households/"),
    path("households/pick/", pickers.household_picker, name="household_picker"),
]
