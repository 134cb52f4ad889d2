from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.ActionLogList.as_view(), name="log_list"),
    path("export.xlsx", views.log_export, name="log_export"),
]
