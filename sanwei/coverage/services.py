"""Where a user sees a campaign's coverage: the region a page or the API shows when none
is asked for, the check of an asked one, and the home page's campaigns. Read-only; the
figures come from engine.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sanwei.accounts.permissions import can, permission_scope, require
from sanwei.activities.models import Campaign
from sanwei.core.errors import ServiceError
from sanwei.regions.models import Region, RegionLevel
from sanwei.regions.services import region_by_code

from .engine import RegionCoverage, coverage
from .permissions import VIEW_COVERAGE


def top_regions(user, within: Region | None = None) -> list[Region]:
    """The topmost regions where `user` may see coverage, by path; with `within` (a
    campaign's region) only those inside it, or `within` itself when the user sees all of it.

    A town admin gets their town, a county viewer their county (or, for a town's campaign,
    that town), a village secretary their village."""
    where = permission_scope(user, VIEW_COVERAGE)
    if where is None:  # superuser: everything
        if within is not None:
            return [within]
        return list(Region.unscoped.filter(parent=None).order_by("path"))
    if within is not None and where.contains(within.path):
        return [within]
    paths = [p for p in where.paths if within is None or p.startswith(within.path)]
    return list(Region.unscoped.filter(path__in=paths).order_by("path"))


def coverage_region(user, campaign: Campaign, code: str | None = None) -> Region:
    """The region whose coverage of `campaign` the user asks for (`code`) or, without a code,
    the topmost one they may see (`top_regions`).

    An unknown or out-of-scope code is the usual 400 `region_unknown`; a region outside the
    campaign's region is `region_outside_campaign`; a region where the user may not see
    coverage is a refusal (403)."""
    if code:
        region = region_by_code(code)
        if not region.path.startswith(campaign.region.path):
            raise ServiceError(
                "region_outside_campaign",
                _("区划“%(region)s”不在专题“%(campaign)s”的范围（%(scope)s）内")
                % {"region": region.name, "campaign": campaign.name, "scope": campaign.region.name},
                field="region",
            )
    else:
        regions = top_regions(user, campaign.region)
        region = regions[0] if regions else campaign.region
    require(user, VIEW_COVERAGE, region)
    return region


def depth_to_villages(region: Region) -> int:
    """How many levels below `region` its villages are (at least 1: a village's are its 组)."""
    return max(1, RegionLevel.VILLAGE - region.level)


def furthest_behind(result: RegionCoverage, depth: int, limit: int = 3) -> list[RegionCoverage]:
    """The regions `depth` levels below `result` with the lowest share of persons reached
    (then by code); regions without residents and the "未分到下级区划" rows left out."""
    level = [result]
    for _step in range(depth):
        level = [child for node in level for child in node.children if child.region is not None]
    rows = [c for c in level if c.persons.total]
    rows.sort(key=lambda c: (c.persons.reached / c.persons.total, c.region.code))
    return rows[:limit]


@dataclass
class CampaignPanel:
    """One campaign on the home page: its coverage in the user's region and the villages
    (in a village: the 组) furthest behind."""

    campaign: Campaign
    coverage: RegionCoverage
    behind: list[RegionCoverage]
    current: bool  # False: no campaign covers today; this is the latest one


def home_coverage(user, today: dt.date, limit: int = 3) -> list[CampaignPanel]:
    """The campaigns covering `today` that the user sees (at most `limit`, latest first),
    or, when none does, the latest campaign that has started; each in the topmost region
    where the user may see its coverage. Call inside the request's region scope."""
    if not can(user, VIEW_COVERAGE):
        return []
    campaigns = Campaign.objects.select_related("region").order_by("-starts_on", "name")
    chosen = list(campaigns.filter(starts_on__lte=today, ends_on__gte=today)[:limit])
    current = bool(chosen)
    if not chosen:
        chosen = list(campaigns.filter(starts_on__lte=today)[:1])
    panels = []
    for campaign in chosen:
        regions = [r for r in top_regions(user, campaign.region) if can(user, VIEW_COVERAGE, r)]
        if not regions:
            continue
        depth = depth_to_villages(regions[0])
        result = coverage(campaign, regions[0], depth=depth)
        panels.append(CampaignPanel(campaign, result, furthest_behind(result, depth), current))
    return panels
