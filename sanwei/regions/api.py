"""Regions API (read-only): the caller's subtree."""

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from .models import Region, RegionLevel

router = Router(tags=["regions"])


class RegionOut(Schema):
    id: int
    code: str
    name: str
    level: RegionLevel
    level_display: str
    parent_id: int | None
    path: str
    is_demo: bool

    @staticmethod
    def resolve_level_display(obj: Region) -> str:
        return str(obj.get_level_display())


@router.get("/", response=list[RegionOut])
@paginate(PageNumberPagination, page_size=100)
def list_regions(request, level: RegionLevel | None = None, parent: str | None = None):
    """Regions in the caller's subtree; `parent` is the parent's division code."""
    regions = Region.objects.order_by("path")
    if level is not None:
        regions = regions.filter(level=level)
    if parent:
        regions = regions.filter(parent__code=parent.strip())
    return regions


@router.get("/{region_pk}", response=RegionOut)
def get_region(request, region_pk: int):
    return get_object_or_404(Region.objects.all(), pk=region_pk)
