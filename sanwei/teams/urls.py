from django.urls import path

from sanwei.core.urls import crud_paths

from . import pickers, views

app_name = "teams"
urlpatterns = [
    *crud_paths(views, "team"),
    path("pick/", pickers.team_picker, name="team_picker"),
    path("<int:team_pk>/members/add/", views.member_add, name="member_add"),
    path("<int:team_pk>/members/candidates/", views.member_candidates, name="member_candidates"),
    path("members/<int:membership_pk>/end/", views.member_end, name="member_end"),
    path("members/<int:membership_pk>/delete/", views.member_delete, name="member_delete"),
]
