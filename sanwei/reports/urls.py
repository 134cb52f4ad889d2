"""Report pages. The region overview keeps its place and names under /regions/
(`regions:region_list`, `regions:region_detail`): sanwei.urls mounts `REGION_PAGES`
together with the regions app's own routes in the one `regions` namespace. The documents
built in the background are under /reports/ (`reports:documents`, `reports:job`, …)."""

from django.urls import path

from . import document_views, views

REGION_PAGES = [
    path("", views.region_list, name="region_list"),
    path("<int:region_pk>/", views.region_detail, name="region_detail"),
]

app_name = "reports"
urlpatterns = [
    path("documents/", document_views.documents, name="documents"),
    path("documents/<int:job_pk>/", document_views.job_detail, name="job"),
    path("documents/<int:job_pk>/progress/", document_views.job_progress, name="job_progress"),
    path("documents/<int:job_pk>/download/", document_views.job_download, name="job_download"),
]
