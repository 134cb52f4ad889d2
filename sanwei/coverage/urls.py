from django.urls import path

from . import views

app_name = "coverage"
urlpatterns = [
    path("<int:campaign_pk>/", views.campaign_coverage, name="campaign_coverage"),
]
