"""Routes of the Open311 GeoReport v2 endpoint; all public (`sanwei.urls.PUBLIC_URL_NAMES`).
Each resource ends in its format, `.xml` or `.json`."""

from django.urls import re_path

from . import views

FMT = r"\.(?P<fmt>xml|json)$"

urlpatterns = [
    re_path(r"^open311/v2/discovery" + FMT, views.discovery, name="open311_discovery"),
    re_path(r"^open311/v2/services" + FMT, views.service_list, name="open311_services"),
    re_path(
        r"^open311/v2/services/(?P<service_code>[^/]+?)" + FMT,
        views.service_definition,
        name="open311_service_definition",
    ),
    re_path(r"^open311/v2/requests" + FMT, views.requests, name="open311_requests"),
    re_path(
        r"^open311/v2/requests/(?P<request_id>[^/]+?)" + FMT,
        views.one_request,
        name="open311_request",
    ),
    re_path(r"^open311/(?P<rest>.*)$", views.not_found, name="open311_not_found"),
]
