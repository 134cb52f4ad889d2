from django.urls import path

from . import pickers, views

app_name = "teams"
urlpatterns = [
    path("", views.team_list, name="team_list"),
    path("new/", views.team_create, name="team_create"),
    path("pick/", pickers.team_picker, name="team_picker"),
    path("<int:team_pk>/", views.team_detail, name="team_detail"),
    path("<int:team_pk>/edit/", views.team_edit, name="team_edit"),
    path("<int:team_pk>/delete/", views.team_delete, name="team_delete"),
    path("<int:team_pk>/members/add/", views.member_add, name="member_add"),
    path("<int:team_pk>/members/candidates/", views.member_candidates, name="member_candidates"),
    path("members/<int:membership_pk>/end/", views.member_end, name="member_end"),
    path("members/<int:membership_pk>/delete/", views.member_delete, name="member_delete"),
]
