"""Region pages: the user's subtree as a tree with resident and household counts (read-only),
one region's page, and deletion of an unused region."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanwei.accounts.permissions import CHANGE_REGIONS, VIEW_PEOPLE, VIEW_TEAMS, can, require
from sanwei.core.web import delete_then_redirect
from sanwei.people.models import Household, Person
from sanwei.teams.models import Team
from sanwei.teams.services import with_member_counts

from .models import Region
from .services import delete_region, subtree_counts


def _counts(request: HttpRequest, under: str | None = None) -> tuple[dict, dict] | None:
    """Residents and households per region path (subtree sums), or None without VIEW_PEOPLE."""
    if not can(request.user, VIEW_PEOPLE):
        return None
    people, households = Person.objects.all(), Household.objects.all()
    if under:
        people = people.filter(region__path__startswith=under)
        households = households.filter(region__path__startswith=under)
    return subtree_counts(people), subtree_counts(households)


def _annotate(regions: list[Region], counts: tuple[dict, dict] | None) -> list[Region]:
    for region in regions:
        region.person_count = counts[0].get(region.path, 0) if counts else None
        region.household_count = counts[1].get(region.path, 0) if counts else None
    return regions


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
        {"regions": _annotate(regions, counts), "show_counts": counts is not None},
    )


@login_required
@require_GET
def region_detail(request: HttpRequest, region_pk: int) -> HttpResponse:
    region = get_object_or_404(Region.objects.select_related("parent"), pk=region_pk)
    counts = _counts(request, under=region.path)
    children = _annotate(list(Region.objects.filter(parent=region).order_by("path")), counts)
    teams = None
    if can(request.user, VIEW_TEAMS):
        teams = with_member_counts(Team.objects.filter(region=region)).order_by("kind", "name")
    parent_visible = region.parent_id and Region.objects.filter(pk=region.parent_id).exists()
    return render(
        request,
        "regions/region_detail.html",
        {
            "region": _annotate([region], counts)[0],
            "children": children,
            "teams": teams,
            "show_counts": counts is not None,
            "parent_visible": parent_visible,
            "can_delete": can(request.user, CHANGE_REGIONS, region),
        },
    )


@login_required
@require_POST
def region_delete(request: HttpRequest, region_pk: int) -> HttpResponse:
    region = get_object_or_404(Region.objects.all(), pk=region_pk)
    require(request.user, CHANGE_REGIONS, region)
    parent_id = region.parent_id
    if parent_id and Region.objects.filter(pk=parent_id).exists():
        after = reverse("regions:region_detail", args=[parent_id])
    else:
        after = reverse("regions:region_list")
    return delete_then_redirect(
        request,
        lambda: delete_region(region, user=request.user),
        success_message=_("已删除区划“%(name)s”") % {"name": region.name},
        success_url=after,
        failure_url=reverse("regions:region_detail", args=[region_pk]),
    )
