from django.urls import path

from . import pickers, views

app_name = "activities"
urlpatterns = [
    # Activities (?pillar=classroom|seminar|service and the other filters on the list)
    path("", views.activity_list, name="activity_list"),
    path("new/", views.activity_create, name="activity_create"),
    path("pick/main-sessions/", pickers.main_session_picker, name="main_session_picker"),
    path("<int:activity_pk>/", views.activity_detail, name="activity_detail"),
    path("<int:activity_pk>/edit/", views.activity_edit, name="activity_edit"),
    path("<int:activity_pk>/delete/", views.activity_delete, name="activity_delete"),
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
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:campaign_pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:campaign_pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:campaign_pk>/delete/", views.campaign_delete, name="campaign_delete"),
    # Activity types (global, not region-owned)
    path("types/", views.activity_type_list, name="activity_type_list"),
    path("types/new/", views.activity_type_create, name="activity_type_create"),
    path(
        "types/<int:activity_type_pk>/edit/",
        views.activity_type_edit,
        name="activity_type_edit",
    ),
    path(
        "types/<int:activity_type_pk>/delete/",
        views.activity_type_delete,
        name="activity_type_delete",
    ),
]
