"""The gap list pages: a campaign's persons and households not reached yet, hardest to
reach first, with their reasons; rows to tick and assign as 送学 tasks (the form posts to
`outreach:assign`), and the xlsx export of both lists.

Login, VIEW_PEOPLE, and the campaign through the scoped manager (another region's
campaign is a 404). The lists hold the caller's regions only (scoped managers); the
`region` filter narrows them to a village or 组.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from sanwei.accounts.permissions import VIEW_ACTIVITIES, VIEW_PEOPLE, VIEW_SENSITIVE, can, require
from sanwei.activities.models import Campaign
from sanwei.core.errors import ServiceError
from sanwei.core.viewkit import ListPage, ScopedQuerysetMixin
from sanwei.exports import services as exports
from sanwei.exports.base import FORMATS, XLSX
from sanwei.people import privacy
from sanwei.people.models import Household, Person

from . import gaps
from .exporters import GapHouseholdsExporter, GapPersonsExporter
from .filters import GapHouseholdFilter, GapPersonFilter

ASSIGN_URL_NAME = "outreach:assign"
ASSIGN_PERMISSION = "outreach.assign"
EXPORTERS = {"persons": GapPersonsExporter, "households": GapHouseholdsExporter}


def campaign_or_404(campaign_pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("region"), pk=campaign_pk)


def url_or_none(name: str) -> str | None:
    """The URL of `name`, or None while no app provides it."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


class GapSource(ScopedQuerysetMixin):
    """The campaign from the URL, then the gap queryset of the list (`source`)."""

    source: ClassVar[Any]  # gaps.gap_persons or gaps.gap_households

    @cached_property
    def campaign(self) -> Campaign:
        campaign = campaign_or_404(self.kwargs["campaign_pk"])
        require(self.request.user, VIEW_PEOPLE)
        require(self.request.user, VIEW_ACTIVITIES)
        return campaign

    def get_queryset(self) -> QuerySet:
        return type(self).source(self.campaign)


class GapPage(ListPage, GapSource):
    permission = VIEW_PEOPLE
    template_name = "coverage/gaps.html"
    tab: ClassVar[str] = ""

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        region = (
            self.filterset.form.cleaned_data.get("region") if self.filterset.is_valid() else None
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        assign_url = url_or_none(ASSIGN_URL_NAME)
        context.update(
            campaign=self.campaign,
            region=region or self.campaign.region,
            tab=self.tab,
            query=query.urlencode(),
            export_formats=[(k, v[0]) for k, v in FORMATS.items()],
            may_unmask=can(user, VIEW_SENSITIVE),
            assign_url=assign_url if assign_url and can(user, ASSIGN_PERMISSION) else None,
        )
        if context["assign_url"]:
            context["assign_form"] = self.assign_form()
        return context

    def assign_form(self):
        from sanwei.outreach.forms import AssignForm

        return AssignForm(
            user=self.request.user,
            initial={"campaign": self.campaign.pk, "next": self.request.get_full_path()},
        )


class GapPersonList(GapPage):
    model = Person
    source = staticmethod(gaps.gap_persons)
    filterset_class = GapPersonFilter
    tab = "persons"

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        for person in context["page_obj"]:
            person.phone_masked = privacy.masked_phone(person)
            person.reasons = gaps.reasons(person)
        return context


class GapHouseholdList(GapPage):
    model = Household
    source = staticmethod(gaps.gap_households)
    filterset_class = GapHouseholdFilter
    tab = "households"

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        for household in context["page_obj"]:
            head = household.head
            household.phone_masked = privacy.masked_phone(head) if head else ""
            household.reasons = gaps.household_reasons(household)
        return context


gap_persons = login_required(require_safe(GapPersonList.as_view()))
gap_households = login_required(require_safe(GapHouseholdList.as_view()))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def gap_export(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    """GET: a masked download (`list` persons|households, `format`, `region`); POST: the
    same, unmasked for the regions the caller holds VIEW_SENSITIVE on (`unmask`)."""
    require(request.user, VIEW_PEOPLE)
    campaign = campaign_or_404(campaign_pk)
    if request.method == "POST":
        require(request.user, VIEW_SENSITIVE)
    data = request.POST if request.method == "POST" else request.GET
    exporter = EXPORTERS.get(data.get("list", "persons"))
    if exporter is None:
        raise Http404
    filterset = GapPersonFilter(data, queryset=Person.objects.none(), request=request)
    region = filterset.form.cleaned_data.get("region") if filterset.is_valid() else None
    try:
        result = exports.run_export(
            exporter,
            user=request.user,
            fmt=data.get("format", XLSX),
            unmask=request.method == "POST" and bool(data.get("unmask")),
            region=region,
            campaign=campaign,
        )
    except ServiceError as e:
        return HttpResponse(e.message, status=400, content_type="text/plain; charset=utf-8")
    response = FileResponse(
        result.file, as_attachment=True, filename=result.filename, content_type=result.content_type
    )
    response["X-Export-Rows"] = str(result.rows)
    return response
