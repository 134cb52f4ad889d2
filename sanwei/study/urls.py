from django.urls import path

from sanwei.core.urls import crud_paths

from . import views

app_name = "study"
urlpatterns = [
    # Youth cadre study (会议室里议): series, participants, sessions, presenters
    *crud_paths(views, "series", "series/"),
    path(
        "series/<int:series_pk>/participants/add/",
        views.participant_add,
        name="participant_add",
    ),
    path(
        "series/<int:series_pk>/participants/add-team/",
        views.participant_add_team,
        name="participant_add_team",
    ),
    path(
        "participants/<int:participant_pk>/leave/",
        views.participant_leave,
        name="participant_leave",
    ),
    path("series/<int:series_pk>/sessions/link/", views.session_link, name="session_link"),
    path("series/<int:series_pk>/sessions/plan/", views.session_plan, name="session_plan"),
    path("sessions/<int:session_pk>/", views.session_detail, name="session_detail"),
    path(
        "presentations/<int:presentation_pk>/delete/",
        views.presentation_delete,
        name="presentation_delete",
    ),
    path("pick/persons/", views.person_picker, name="person_picker"),
    # Essays (笔头里悟)
    path("essays/", views.essay_list, name="essay_list"),
    path("essays/new/", views.essay_create, name="essay_create"),
    path("essays/anthology.docx", views.essay_anthology, name="essay_anthology"),
    path("essays/figures/", views.essay_figures, name="essay_figures"),
    path("essays/<int:essay_pk>/", views.essay_detail, name="essay_detail"),
    path("essays/<int:essay_pk>/delete/", views.essay_delete, name="essay_delete"),
    path("essays/<int:essay_pk>/review/", views.essay_review, name="essay_review"),
    path("essays/<int:essay_pk>/recommend/", views.essay_recommend, name="essay_recommend"),
]
