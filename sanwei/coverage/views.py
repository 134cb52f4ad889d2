"""The coverage page: one campaign in one region (its subtree), with its child regions."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from sanwei.accounts.permissions import can, require
from sanwei.activities.models import Campaign
from sanwei.activities.permissions import VIEW_ACTIVITIES
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.regions.models import RegionLevel

from .engine import Period, coverage
from .permissions import VIEW_COVERAGE
from .services import coverage_region

SORTS = {"percent", "-percent"}


class PeriodForm(forms.Form):
    start = forms.DateField(required=False)
    end = forms.DateField(required=False)


def coverage_url(campaign: Campaign, code: str | None = None, **params) -> str:
    """The coverage page of `campaign` in the region `code` (default: the user's own)."""
    query = {k: v for k, v in ({"region": code} | params).items() if v}
    url = reverse("coverage:campaign_coverage", args=[campaign.pk])
    return f"{url}?{urlencode(query)}" if query else url


def gaps_url(campaign: Campaign, code: str) -> str | None:
    """The gap list of the same campaign and region, if the gap list is installed."""
    try:
        return reverse("coverage:gaps", args=[campaign.pk]) + "?" + urlencode({"region": code})
    except NoReverseMatch:
        return None


def _period(request: HttpRequest) -> Period | None:
    """?start=&end= as local dates; a page ignores invalid values (as its filters do)."""
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return None
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    if not (start or end) or (start and end and start > end):
        return None
    return Period(start, end)


@login_required
@require_safe
def campaign_coverage(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    require(request.user, VIEW_COVERAGE)
    campaign = get_object_or_404(Campaign.objects.select_related("region"), pk=campaign_pk)
    try:
        region = coverage_region(request.user, campaign, request.GET.get("region"))
    except NotPermitted:
        raise
    except ServiceError:  # an unknown or foreign code: the page shows the user's own region
        region = coverage_region(request.user, campaign)
    period = _period(request)
    result = coverage(campaign, region, period=period)
    sort = request.GET.get("sort", "")
    children = list(result.children)
    if sort in SORTS:
        children.sort(
            key=lambda c: (c.persons.percent is None, c.persons.percent or 0),
            reverse=sort == "-percent",
        )
    else:
        sort = ""
    dates = {
        "start": period.start.isoformat() if period and period.start else "",
        "end": period.end.isoformat() if period and period.end else "",
    }
    for child in children:
        child.url = (
            coverage_url(campaign, child.code, sort=sort, **dates)
            if child.region is not None and child.region.level < RegionLevel.GROUP
            else None
        )
    crumbs = [
        (r, coverage_url(campaign, r.code, sort=sort, **dates))
        for r in region.ancestors()
        if r.path.startswith(campaign.region.path) and can(request.user, VIEW_COVERAGE, r)
    ]
    next_sort = "-percent" if sort == "percent" else "percent"
    return render(
        request,
        "coverage/campaign_coverage.html",
        {
            "campaign": campaign,
            "region": region,
            "c": result,
            "children": children,
            "crumbs": crumbs,
            "period": period,
            "dates": dates,
            "sort": sort,
            "sort_url": coverage_url(campaign, region.code, sort=next_sort, **dates),
            "gaps_url": gaps_url(campaign, region.code),
            "can_view_campaign": can(request.user, VIEW_ACTIVITIES),
        },
    )
