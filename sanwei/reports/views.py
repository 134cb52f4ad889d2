"""The home dashboard and the region overview (the region tree and one region's page,
with resident, household and team figures)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sanwei.accounts.permissions import CHANGE_REGIONS, VIEW_PEOPLE, VIEW_TEAMS, can
from sanwei.coverage.services import home_coverage
from sanwei.regions.models import Region
from sanwei.regions.services import is_own_region

from . import services
from .figures import figures
from .permissions import VIEW_FIGURES


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/home.html",
        {
            "pillars": services.activities_by_pillar(),
            "person_count": services.people_count(),
            "household_count": services.household_count(),
            "recent_activities": services.recent_activities(),
            "coverage_panels": home_coverage(request.user, timezone.localdate()),
        },
    )


def _counts(request: HttpRequest, under: str | None = None) -> tuple[dict, dict] | None:
    """Residents and households per region path, or None without VIEW_PEOPLE."""
    if not can(request.user, VIEW_PEOPLE):
        return None
    return services.residents_and_households(under)


@login_required
@require_GET
def region_list(request: HttpRequest) -> HttpResponse:
    regions = list(Region.objects.order_by("path"))
    top = min((r.level for r in regions), default=0)
    for region in regions:
        region.depth = region.level - top
        region.indent = region.depth * 1.5
    counts = _counts(request)
    return render(
        request,
        "regions/region_list.html",
        {"regions": services.annotate_counts(regions, counts), "show_counts": counts is not None},
    )


@login_required
@require_GET
def region_detail(request: HttpRequest, region_pk: int) -> HttpResponse:
    region = get_object_or_404(Region.objects.select_related("parent"), pk=region_pk)
    counts = _counts(request, under=region.path)
    children = list(Region.objects.filter(parent=region).order_by("path"))
    teams = services.teams_of(region) if can(request.user, VIEW_TEAMS) else None
    parent_visible = region.parent_id and Region.objects.filter(pk=region.parent_id).exists()
    # All campaigns, all time: the figures module's rows for the region and each child.
    region_figures = figures(region) if can(request.user, VIEW_FIGURES, region) else None
    return render(
        request,
        "regions/region_detail.html",
        {
            "region": services.annotate_counts([region], counts)[0],
            "children": services.annotate_counts(children, counts),
            "teams": teams,
            "show_counts": counts is not None,
            "parent_visible": parent_visible,
            # Each child region, then the region itself as the total row.
            "figure_rows": [*region_figures.children, region_figures] if region_figures else None,
            "can_delete": can(request.user, CHANGE_REGIONS, region)
            and not is_own_region(request.user, region),
        },
    )
