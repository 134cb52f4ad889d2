from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("", views.export_index, name="index"),
    path("run/", views.export_run, name="run"),
    path(
        "activity/<int:activity_pk>/attendance/",
        views.attendance_export,
        name="attendance",
    ),
]
