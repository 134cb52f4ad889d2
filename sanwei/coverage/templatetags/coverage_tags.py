"""`{% campaign_coverage campaign %}`: the campaign's coverage in the viewer's region, for
the campaign page (the activities app's template loads it; activities imports nothing of
coverage). A user who may not see coverage sees the campaign's targets alone."""

from django import template

from sanwei.accounts.permissions import can

from ..engine import coverage
from ..permissions import VIEW_COVERAGE
from ..services import top_regions
from ..views import coverage_url

register = template.Library()


@register.inclusion_tag("coverage/_campaign_card.html", takes_context=True)
def campaign_coverage(context, campaign) -> dict:
    user = context["request"].user
    regions = [r for r in top_regions(user, campaign.region) if can(user, VIEW_COVERAGE, r)]
    if not regions:
        return {"c": None, "campaign": campaign}  # the targets alone
    return {
        "c": coverage(campaign, regions[0]),
        "campaign": campaign,
        "url": coverage_url(campaign, regions[0].code),
    }
