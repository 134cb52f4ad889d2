from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("households/", views.household_list, name="household_list"),
]
