"""Region pages: deletion of an unused region. The region tree and one region's page,
with their resident, household and team figures, are report pages (sanwei.reports)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanwei.accounts.permissions import CHANGE_REGIONS, require
from sanwei.core.web import delete_then_redirect

from .models import Region
from .services import delete_region


@login_required
@require_POST
def region_delete(request: HttpRequest, region_pk: int) -> HttpResponse:
    region = get_object_or_404(Region.objects.all(), pk=region_pk)
    require(request.user, CHANGE_REGIONS, region)
    parent_id = region.parent_id
    if parent_id and Region.objects.filter(pk=parent_id).exists():
        after = reverse("regions:region_detail", args=[parent_id])
    else:
        after = reverse("regions:region_list")
    return delete_then_redirect(
        request,
        lambda: delete_region(region, user=request.user),
        success_message=_("已删除区划“%(name)s”") % {"name": region.name},
        success_url=after,
        failure_url=reverse("regions:region_detail", args=[region_pk]),
    )
