"""Where a user sees a campaign's coverage: the region a page or the API shows when none
is asked for, and the check of an asked one. Read-only; the figures come from engine.py."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sanwei.accounts.permissions import permission_scope, require
from sanwei.activities.models import Campaign
from sanwei.core.errors import ServiceError
from sanwei.regions.models import Region
from sanwei.regions.services import region_by_code

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
