from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from sanwei.activities.models import Activity, Pillar
from sanwei.people.models import Household, Person


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    by_pillar = dict(
        Activity.objects.values_list("activity_type__pillar").annotate(n=Count("id")).order_by()
    )
    pillars = [(value, label, by_pillar.get(value, 0)) for value, label in Pillar.choices]
    return render(
        request,
        "core/home.html",
        {
            "pillars": pillars,
            "person_count": Person.objects.count(),
            "household_count": Household.objects.count(),
            "recent_activities": Activity.objects.select_related("activity_type", "region")[:8],
        },
    )


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> FileResponse:
    """/favicon.ico, which browsers ask for whatever the page links: the site's SVG icon."""
    return FileResponse(open(finders.find("favicon.svg"), "rb"), content_type="image/svg+xml")
