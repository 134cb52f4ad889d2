"""Search endpoint of the team pickers (sanwei.core.widgets.AutocompleteSelect)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from sanwei.accounts.permissions import VIEW_TEAMS, require
from sanwei.core.widgets import picker_endpoint, picker_results

from .forms import team_choices, team_label
from .models import Team


def _by_name(teams: QuerySet[Team], query: str) -> QuerySet[Team]:
    return teams.filter(name__icontains=query)


@login_required
@picker_endpoint
def team_picker(request: HttpRequest) -> HttpResponse:
    """Teams in the user's scope by name; `?parents=1`: only those a team may belong to."""
    require(request.user, VIEW_TEAMS)
    teams = team_choices(parents_only=request.GET.get("parents") == "1")
    return picker_results(request, teams, search=_by_name, label=team_label)
