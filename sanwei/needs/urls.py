from django.urls import path

from . import views

app_name = "needs"
urlpatterns: list = [
    path("<int:need_pk>/", views.need_detail, name="need_detail"),
]
