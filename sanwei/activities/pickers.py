"""Search endpoint of the main-venue picker (sanwei.core.widgets.AutocompleteSelect)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from sanwei.accounts.permissions import CHANGE_ACTIVITIES, require
from sanwei.core.widgets import picker_endpoint, picker_params, picker_results

from .forms import main_session_choices, main_session_label
from .models import Activity


def _by_title(activities: QuerySet[Activity], query: str) -> QuerySet[Activity]:
    return activities.filter(title__icontains=query)


@login_required
@picker_endpoint
def main_session_picker(request: HttpRequest) -> HttpResponse:
    """Possible main venues in the user's scope by title, newest first; narrowed to the
    campaign chosen in the form when it sends one (`campaign`)."""
    require(request.user, CHANGE_ACTIVITIES)
    mains = main_session_choices()
    campaign = picker_params(request).get("campaign", "")
    if campaign.isdigit() and len(campaign) < 19:
        mains = mains.filter(campaign_id=int(campaign))
    return picker_results(
        request, mains.order_by("-starts_at", "-pk"), search=_by_title, label=main_session_label
    )
