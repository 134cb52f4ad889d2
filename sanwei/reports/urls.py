"""Report pages. The region overview keeps its place and names under /regions/
(`regions:region_list`, `regions:region_detail`): sanwei.urls mounts `REGION_PAGES`
together with the regions app's own routes in the one `regions` namespace."""

from django.urls import path

from . import views

REGION_PAGES = [
    path("", views.region_list, name="region_list"),
    path("<int:region_pk>/", views.region_detail, name="region_detail"),
]
