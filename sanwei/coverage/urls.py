from django.urls import path

from . import views, views_gaps

app_name = "coverage"
urlpatterns = [
    path("<int:campaign_pk>/", views.campaign_coverage, name="campaign_coverage"),
    path("<int:campaign_pk>/gaps/", views_gaps.gap_persons, name="gaps"),
    path("<int:campaign_pk>/gaps/households/", views_gaps.gap_households, name="gap_households"),
    path("<int:campaign_pk>/gaps/export/", views_gaps.gap_export, name="gap_export"),
]
