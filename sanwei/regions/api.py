"""Regions API (read-only): the caller's subtree. A region is named by its division code."""

from django.shortcuts import get_object_or_404
from ninja import Schema
from ninja.pagination import paginate

from sanwei.core.api import ApiRouter, Paginator, RegionCode

from .models import Region, RegionLevel
from .services import region_by_code

router = ApiRouter(tags=["regions"])


class RegionOut(Schema):
    id: int
    code: str
    name: str
    level: RegionLevel
    level_display: str
    parent: str | None
    path: str
    is_demo: bool

    @staticmethod
    def resolve_level_display(obj: Region) -> str:
        return str(obj.get_level_display())

    @staticmethod
    def resolve_parent(obj: Region) -> str | None:
        return obj.parent.code if obj.parent_id else None


@router.get("/", response=list[RegionOut])
@paginate(Paginator, page_size=100)
def list_regions(request, level: RegionLevel | None = None, parent: str | None = None):
    """Regions in the caller's subtree; `parent` is the parent's division code."""
    regions = Region.objects.select_related("parent").order_by("path")
    if level is not None:
        regions = regions.filter(level=level)
    if parent:
        regions = regions.filter(parent=region_by_code(parent, field="parent"))
    return regions


@router.get("/{region_code}", response=RegionOut)
def get_region(request, region_code: RegionCode):
    """One region of the caller's subtree, by its division code."""
    return get_object_or_404(Region.objects.select_related("parent"), code=region_code)
