from django.urls import path

from . import views

app_name = "reviews"
urlpatterns: list = [
    path("", views.review_list, name="review_list"),
    path("new/", views.review_create, name="review_create"),
    path("<int:review_pk>/", views.review_detail, name="review_detail"),
    path("<int:review_pk>/edit/", views.review_edit, name="review_edit"),
    path("<int:review_pk>/agenda.docx", views.review_agenda_docx, name="review_agenda_docx"),
    path("<int:review_pk>/follow-ups/add/", views.follow_up_add, name="follow_up_add"),
    path(
        "<int:review_pk>/follow-ups/<int:follow_up_pk>/done/",
        views.follow_up_done,
        name="follow_up_done",
    ),
    path(
        "<int:review_pk>/follow-ups/<int:follow_up_pk>/convert/",
        views.follow_up_convert,
        name="follow_up_convert",
    ),
]
