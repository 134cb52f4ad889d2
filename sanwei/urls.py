"""Every route of the site. Routes anyone may open without logging in are listed in
PUBLIC_URL_NAMES; the permission matrix test (tests/accounts/test_permission_matrix.py)
checks that every other route refuses anonymous users."""

from django.contrib import admin
from django.urls import include, path

from sanwei.api import api
from sanwei.checkin import urls as checkin_urls
from sanwei.classroom import share as classroom_share
from sanwei.core import views as core_views
from sanwei.needs import views_public as needs_public
from sanwei.open311 import urls as open311_urls
from sanwei.regions import urls as regions_urls
from sanwei.reports import urls as reports_urls
from sanwei.reports import views as reports_views
from sanwei.seminar import views_board as seminar_board
from sanwei.volunteers import urls as volunteers_urls

PUBLIC_URL_NAMES = frozenset(
    {
        "accounts:login",
        "accounts:login_otp",  # the code step of a login (the password was given)
        "accounts:logout",
        "health",
        "need_track",
        "need_track_qr",
        "favicon",
        "api-1.0.0:openapi-json",
        "api-1.0.0:openapi-view",
        # A learning material's share page, its file and its QR code (random codes)
        "material_share",
        "material_share_file",
        "material_share_qr",
        "checkin_public",  # the QR check-in page residents scan (checkin/views.py)
        # A village's public board of opinions, its QR code and poster (random codes)
        "opinion_board",
        "opinion_board_qr",
        "opinion_board_poster",
        # A certificate's and a volunteer card's verification pages (random codes)
        "certificate_verify",
        "volunteer_card_verify",
        # The Open311 GeoReport v2 endpoint: reads are public, creating a request takes an
        # api_key (sanwei/open311/views.py)
        "open311_discovery",
        "open311_services",
        "open311_service_definition",
        "open311_requests",
        "open311_request",
        "open311_not_found",
    }
)

# Pages every logged-in account may use on itself, whatever its roles (its own password, its
# own two-factor device, a new API token of its own). They refuse anonymous users like every
# other page; the permission matrix does not expect a role without rights to be refused
# their writes (a token for another account is refused by the service: tests/accounts/
# test_token_pages.py).
OWN_ACCOUNT_URL_NAMES = frozenset(
    {"accounts:password_change", "accounts:otp_setup", "accounts:token_create"}
)

urlpatterns = [
    path("", reports_views.home, name="home"),
    path("dashboard/", reports_views.dashboard, name="dashboard"),
    path("healthz", core_views.health, name="health"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("accounts/", include("sanwei.accounts.urls")),
    path("people/", include("sanwei.people.urls")),
    path("teams/", include("sanwei.teams.urls")),
    path(
        "regions/",
        include((reports_urls.REGION_PAGES + regions_urls.urlpatterns, regions_urls.app_name)),
    ),
    path("activities/", include("sanwei.activities.urls")),
    path("classroom/", include("sanwei.classroom.urls")),
    path("m/<str:code>", classroom_share.material_share, name="material_share"),
    path("m/<str:code>/file", classroom_share.material_share_file, name="material_share_file"),
    path("m/<str:code>/qr.png", classroom_share.material_share_qr, name="material_share_qr"),
    path("coverage/", include("sanwei.coverage.urls")),
    path("outreach/", include("sanwei.outreach.urls")),
    path("checkin/", include("sanwei.checkin.urls")),
    *checkin_urls.public_urlpatterns,
    path("recording/", include("sanwei.recording.urls")),
    path("seminar/", include("sanwei.seminar.urls")),
    path("b/<str:code>", seminar_board.board_public, name="opinion_board"),
    path("b/<str:code>/qr.png", seminar_board.board_qr, name="opinion_board_qr"),
    path("b/<str:code>/poster.pdf", seminar_board.board_poster, name="opinion_board_poster"),
    path("study/", include("sanwei.study.urls")),
    path("needs/", include("sanwei.needs.urls")),
    path("reviews/", include("sanwei.reviews.urls")),
    path("volunteers/", include("sanwei.volunteers.urls")),
    path("quantities/", include("sanwei.quantities.urls")),
    *volunteers_urls.public_urlpatterns,
    path("volunteering/", include("sanwei.volunteering.urls")),
    path("n/<str:code>", needs_public.track, name="need_track"),
    path("n/<str:code>/qr.png", needs_public.track_qr, name="need_track_qr"),
    *open311_urls.urlpatterns,
    path("exports/", include("sanwei.exports.urls")),
    path("reports/", include("sanwei.reports.urls")),
    path("imports/", include("sanwei.imports.urls")),
    path("audit/", include("sanwei.audit.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
