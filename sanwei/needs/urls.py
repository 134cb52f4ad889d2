from django.urls import path

from . import views

app_name = "needs"
ACTIONS = ("accept", "reject", "refer", "dispatch", "take", "start", "give_back", "resolve",
           "rate", "close")  # fmt: skip
urlpatterns: list = [
    path("", views.need_list, name="need_list"),
    path("new/", views.need_create, name="need_create"),
    path("mine/", views.my_needs, name="my_needs"),
    path("households/pick/", views.household_picker, name="household_picker"),
    path("<int:need_pk>/", views.need_detail, name="need_detail"),
    path("<int:need_pk>/photo/", views.need_photo, {"which": "registered"}, name="need_photo"),
    path(
        "<int:need_pk>/resolution/photo/",
        views.need_photo,
        {"which": "resolved"},
        name="need_resolution_photo",
    ),
    *(
        path(
            f"<int:need_pk>/{action.replace('_', '-')}/",
            views.need_action,
            {"action": action},
            name=f"need_{action}",
        )
        for action in ACTIONS
    ),
]
