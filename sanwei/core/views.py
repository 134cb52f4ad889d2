from django.contrib.staticfiles import finders
from django.http import FileResponse, HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> FileResponse:
    """/favicon.ico, which browsers ask for whatever the page links: the site's SVG icon."""
    return FileResponse(open(finders.find("favicon.svg"), "rb"), content_type="image/svg+xml")
