from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.import_list, name="import_list"),
    path("new/", views.import_create, name="import_create"),
    path("template.xlsx", views.import_template, name="import_template"),
    path("<int:import_pk>/", views.import_detail, name="import_detail"),
    path("<int:import_pk>/commit/", views.import_commit, name="import_commit"),
    path("<int:import_pk>/cancel/", views.import_cancel, name="import_cancel"),
    path("<int:import_pk>/progress/", views.import_progress, name="import_progress"),
]
