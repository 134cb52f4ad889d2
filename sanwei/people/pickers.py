"""Search endpoints of the people pickers (sanwei.core.widgets.AutocompleteSelect)."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from sanwei.accounts.permissions import CHANGE_PEOPLE, require
from sanwei.core.widgets import picker_endpoint, picker_results

from . import services
from .forms import household_choices, household_label


@login_required
@picker_endpoint
def household_picker(request: HttpRequest) -> HttpResponse:
    """Households the user may put a person in, found by their head's name or pinyin."""
    require(request.user, CHANGE_PEOPLE)
    return picker_results(
        request,
        household_choices(services.person_regions(request.user)),
        search=partial(services.search_households, user=request.user),
        label=household_label,
    )
