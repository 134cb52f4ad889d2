from django.urls import path

from sanwei.core.urls import crud_paths

from . import views

app_name = "classroom"
urlpatterns = [
    # Lecture teams (宣讲队) and their lectures
    path("teams/", views.lecture_team_list, name="lecture_team_list"),
    path("teams/<int:team_pk>/", views.lecture_team_detail, name="lecture_team_detail"),
    # Recording a mobile lecture (流动学)
    path("lectures/new/", views.lecture_create, name="lecture_create"),
    path("lectures/residents/", views.lecture_residents, name="lecture_residents"),
    # Learning materials (the public share pages are /m/<code>, see share.py)
    *crud_paths(views, "material", "materials/"),
    # The materials an activity used, a performance's 三句半 script
    path(
        "activities/<int:activity_pk>/materials/",
        views.activity_materials,
        name="activity_materials",
    ),
    path("activities/<int:activity_pk>/script/", views.script_detail, name="script_detail"),
    path("activities/<int:activity_pk>/script/edit/", views.script_edit, name="script_edit"),
    path("pick/performers/", views.performer_picker, name="performer_picker"),
]
