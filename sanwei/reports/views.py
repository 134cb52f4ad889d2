"""The home dashboard and the region overview (the region tree and one region's page,
with resident, household and team figures)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sanwei.accounts.permissions import CHANGE_REGIONS, VIEW_PEOPLE, VIEW_TEAMS, can, require
from sanwei.core.errors import ServiceError
from sanwei.coverage.services import home_coverage
from sanwei.regions.models import Region
from sanwei.regions.services import is_own_region

from . import dashboard as dash
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
            "can_view_figures": can(request.user, VIEW_FIGURES),
        },
    )


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """数据看板: the figures of a region (default: the caller's own), a campaign and a period,
    with a chart and a table of each series and a link down to every child region."""
    require(request.user, VIEW_FIGURES)
    form = dash.DashboardForm(request.GET or None)
    form.is_valid()  # an invalid choice falls back to its default; errors are shown
    data = getattr(form, "cleaned_data", {})
    try:
        region = services.figures_region(request.user, (request.GET.get("region") or "").strip())
    except ServiceError as e:
        raise Http404(e.message) from e
    campaign = data.get("campaign") if "campaign" in request.GET else dash.default_campaign(region)
    if "campaign" in request.GET and request.GET["campaign"] and campaign is None:
        campaign = dash.default_campaign(region)  # an unknown campaign: the default
    period = data.get("period") or ("campaign" if campaign else "all")
    if period == "campaign" and campaign is None:
        period = "all"
    today = timezone.localdate()
    start, end = dash.period_dates(period, today, data.get("start"), data.get("end"))
    if form.errors.get("end"):
        start = end = None
    f = figures(region, campaign, start, end, today=today)
    query = {"campaign": campaign.pk if campaign else "", "period": period}
    if period == "custom":
        query.update(start=start.isoformat() if start else "", end=end.isoformat() if end else "")
    form = dash.DashboardForm(
        initial={"region": region.code, "campaign": campaign, "period": period,
                 "start": start, "end": end},
    ) if not form.errors else form  # fmt: skip
    ancestors = [a for a in region.ancestors() if can(request.user, VIEW_FIGURES, a)]
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "region": region,
            "campaign": campaign,
            "period": period,
            "period_label": dict(dash.PERIODS)[period],
            "start": start,
            "end": end,
            "ancestors": ancestors,
            "query": urlencode(query),
            "board": (board := dash.board(f)),
            "charts": board.charts(),
            "pillar_labels": dash.pillar_labels(),
            "f": f,
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
