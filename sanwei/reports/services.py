"""Figures shown on the home dashboard and the region overview. Read-only counts over the
scoped managers: call them inside the request's region scope."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import permission_scope, require
from sanwei.activities.models import Activity, Pillar
from sanwei.core.errors import ServiceError
from sanwei.people.models import Household, Person
from sanwei.regions.models import Region
from sanwei.regions.services import region_by_code, subtree_counts
from sanwei.teams.models import Team
from sanwei.teams.services import with_member_counts

from .permissions import VIEW_FIGURES


def activities_by_pillar() -> list[tuple[str, str, int]]:
    """(pillar value, label, number of activities) for each pillar, zero included."""
    counts = dict(
        Activity.objects.values_list("activity_type__pillar").annotate(n=Count("id")).order_by()
    )
    return [(value, label, counts.get(value, 0)) for value, label in Pillar.choices]


def people_count() -> int:
    return Person.objects.count()


def household_count() -> int:
    return Household.objects.count()


def recent_activities(limit: int = 8) -> QuerySet[Activity]:
    return Activity.objects.select_related("activity_type", "region")[:limit]


def residents_and_households(under: str | None = None) -> tuple[dict[str, int], dict[str, int]]:
    """Residents and households per region path (subtree sums), optionally only below
    the region path `under`."""
    people, households = Person.objects.all(), Household.objects.all()
    if under:
        people = people.filter(region__path__startswith=under)
        households = households.filter(region__path__startswith=under)
    return subtree_counts(people), subtree_counts(households)


def annotate_counts(
    regions: list[Region], counts: tuple[dict[str, int], dict[str, int]] | None
) -> list[Region]:
    """Set `person_count` and `household_count` on each region (None without counts)."""
    for region in regions:
        region.person_count = counts[0].get(region.path, 0) if counts else None
        region.household_count = counts[1].get(region.path, 0) if counts else None
    return regions


def teams_of(region: Region) -> QuerySet[Team]:
    """The region's own teams with their open member counts."""
    return with_member_counts(Team.objects.filter(region=region)).order_by("kind", "name")


def figures_region(user, code: str | None = None) -> Region:
    """The region whose figures `user` asks for: the division code `code` (unknown or outside
    the caller's scope: 400 `region_unknown`), or the topmost region where they may see
    figures. Seeing figures there needs VIEW_FIGURES (403 otherwise). Call inside the
    request's region scope."""
    require(user, VIEW_FIGURES)
    if code:
        region = region_by_code(code)
    else:
        where = permission_scope(user, VIEW_FIGURES)
        regions = Region.objects.order_by("level", "path")
        if where is not None:
            regions = regions.filter(path__under=where)
        region = regions.first()
        if region is None:
            raise ServiceError("region_unknown", _("没有可查看的区划"), field="region")
    require(user, VIEW_FIGURES, region)
    return region
