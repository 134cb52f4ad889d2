"""The regions app's own routes. sanwei.urls mounts them, with the region overview pages
of sanwei.reports, in the `regions` namespace."""

from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("<int:region_pk>/delete/", views.region_delete, name="region_delete"),
]
