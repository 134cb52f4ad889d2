from django.urls import path

from . import views_board, views_meetings
from . import views_opinions as opinions
from . import views_topics as topics

app_name = "seminar"
urlpatterns: list = [
    # courtyard meetings (屋场会): views_meetings.py
    path("meetings/", views_meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", views_meetings.meeting_create, name="meeting_create"),
    path(
        "meetings/from-activity/<int:activity_pk>/",
        views_meetings.meeting_from_activity,
        name="meeting_from_activity",
    ),
    path("meetings/<int:meeting_pk>/", views_meetings.meeting_detail, name="meeting_detail"),
    path(
        "meetings/<int:meeting_pk>/hosts/add/",
        views_meetings.meeting_host_add,
        name="meeting_host_add",
    ),
    path(
        "meetings/<int:meeting_pk>/hosts/remove/",
        views_meetings.meeting_host_remove,
        name="meeting_host_remove",
    ),
    path("meetings/<int:meeting_pk>/close/", views_meetings.meeting_close, name="meeting_close"),
    path("meetings/<int:meeting_pk>/people/", views_meetings.meeting_people, name="meeting_people"),
    path("meetings/<int:meeting_pk>/opinions/", views_meetings.opinion_entry, name="opinion_entry"),
    path("meetings/<int:meeting_pk>/import/", views_meetings.opinion_import, name="meeting_import"),
    path("opinions/import/", views_meetings.opinion_import, name="opinion_import"),
    path(
        "opinions/import/commit/",
        views_meetings.opinion_import_commit,
        name="opinion_import_commit",
    ),
    # the public board's staff page (the public pages are in sanwei.urls): views_board.py
    path("boards/", views_board.board_list, name="board_list"),
    path("boards/<int:region_pk>/", views_board.board_manage, name="board_manage"),
]

# Topics: hot topics, the staff's corrections of category and group (views_topics.py)
urlpatterns += [
    path("hot-topics/", topics.hot_topics, name="hot_topics"),
    path("opinions/<int:opinion_pk>/category/", topics.opinion_category, name="opinion_category"),
    path("opinions/<int:opinion_pk>/topic/", topics.opinion_topic, name="opinion_topic"),
]

# The 微研讨 hub and the opinion loop (views_opinions.py)
urlpatterns += [
    path("", opinions.index, name="index"),
    path("opinions/", opinions.opinion_list, name="opinion_list"),
    path("opinions/mine/", opinions.my_opinions, name="my_opinions"),
    path("opinions/new/", opinions.opinion_create, name="opinion_create"),
    path("opinions/answer/", opinions.opinion_answer_many, name="opinion_answer_many"),
    path("opinions/rates/", opinions.opinion_rates, name="opinion_rates"),
    path("opinions/<int:opinion_pk>/", opinions.opinion_detail, name="opinion_detail"),
    path("opinions/<int:opinion_pk>/photo/", opinions.opinion_photo, name="opinion_photo"),
    *(
        path(
            f"opinions/<int:opinion_pk>/{action}/",
            getattr(opinions, f"opinion_{action}"),
            name=f"opinion_{action}",
        )
        for action in ("assign", "reassign", "answer", "decide", "close", "reopen", "convert")
    ),
    path("templates/", opinions.template_list, name="template_list"),
    path("templates/new/", opinions.template_create, name="template_create"),
    path("templates/<int:template_pk>/edit/", opinions.template_edit, name="template_edit"),
    path("templates/<int:template_pk>/delete/", opinions.template_delete, name="template_delete"),
]
