from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.ActionLogList.as_view(), name="log_list"),
    path("export.xlsx", views.log_export, name="log_export"),
    path("id-conflicts/", views.IdConflictList.as_view(), name="id_conflicts"),
    path(
        "id-conflicts/<int:conflict_pk>/resolve/",
        views.id_conflict_resolve,
        name="id_conflict_resolve",
    ),
]
