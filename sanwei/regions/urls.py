from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("", views.region_list, name="region_list"),
    path("<int:region_pk>/", views.region_detail, name="region_detail"),
    path("<int:region_pk>/delete/", views.region_delete, name="region_delete"),
]
