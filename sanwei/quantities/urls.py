from django.urls import path

from . import views

app_name = "quantities"
urlpatterns = [
    path("", views.totals, name="totals"),
    path("activities/<int:activity_pk>/add/", views.activity_add, name="activity_add"),
    path("needs/<int:need_pk>/add/", views.need_add, name="need_add"),
    path("<int:quantity_pk>/edit/", views.quantity_edit, name="quantity_edit"),
    path("<int:quantity_pk>/delete/", views.quantity_delete, name="quantity_delete"),
]
