"""Need pages (the first part): one need, with the opinion it came from."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from sanwei.accounts.permissions import can, require

from .models import Need
from .permissions import VIEW_NEEDS

# seminar.permissions.VIEW_OPINIONS, by value: needs does not import seminar (seminar
# converts opinions into needs, so the dependency points from seminar to needs).
VIEW_SOURCE_OPINION = "opinions.view"


@login_required
@require_safe
def need_detail(request: HttpRequest, need_pk: int) -> HttpResponse:
    need = get_object_or_404(
        Need.objects.select_related("region", "category", "person", "household", "source_opinion"),
        pk=need_pk,
    )
    require(request.user, VIEW_NEEDS, need.region)
    opinion = need.source_opinion
    return render(
        request,
        "needs/need_detail.html",
        {
            "need": need,
            "opinion": opinion,
            "can_view_opinion": opinion is not None
            and can(request.user, VIEW_SOURCE_OPINION, opinion.region),
        },
    )
