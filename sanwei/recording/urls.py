from django.urls import path

from . import views

app_name = "recording"
urlpatterns = [
    path("activities/<int:activity_pk>/roster/", views.roster, name="roster"),
    path(
        "activities/<int:activity_pk>/roster/household/",
        views.roster_household,
        name="roster_household",
    ),
    path("activities/<int:activity_pk>/sheet/", views.sheet, name="sheet"),
    path(
        "activities/<int:activity_pk>/sheet/download/",
        views.sheet_download,
        name="sheet_download",
    ),
    path("activities/<int:activity_pk>/sheet/import/", views.sheet_import, name="sheet_import"),
    path(
        "activities/<int:activity_pk>/sheet/import/commit/",
        views.sheet_commit,
        name="sheet_commit",
    ),
]
