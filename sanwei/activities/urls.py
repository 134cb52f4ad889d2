from django.urls import path

from sanwei.core.urls import crud_paths

from . import pickers, views

app_name = "activities"
urlpatterns = [
    # Activities (?pillar=classroom|seminar|service and the other filters on the list)
    *crud_paths(views, "activity"),
    path("pick/main-sessions/", pickers.main_session_picker, name="main_session_picker"),
    # Attendance
    path("<int:activity_pk>/attendance/add/", views.attendance_add, name="attendance_add"),
    path("<int:activity_pk>/headcount/", views.headcount_update, name="headcount_update"),
    path(
        "attendance/<int:attendance_pk>/delete/",
        views.attendance_delete,
        name="attendance_delete",
    ),
    # Attachments (downloaded through a view that checks the scope, never /media/)
    path("<int:activity_pk>/attachments/add/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:attachment_pk>/", views.attachment_download, name="attachment_download"),
    path(
        "attachments/<int:attachment_pk>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    # Campaigns
    *crud_paths(views, "campaign", "campaigns/"),
    # Activity types (global, not region-owned)
    *crud_paths(views, "activity_type", "types/", detail=False),
]
