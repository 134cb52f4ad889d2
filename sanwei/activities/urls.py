from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("<int:activity_pk>/", views.activity_list, name="activity_detail"),
    path("campaigns/", views.activity_list, name="campaign_list"),
]
