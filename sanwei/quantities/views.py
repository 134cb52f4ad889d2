"""Quantities pages: the totals page (by item and unit for a region and period, with each
child region, and the records behind them), and adding, changing and removing a
quantity on an activity or a need (the section on their pages is the template tag
`{% quantities_section owner %}`). Thin: rules in services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sanwei.accounts.permissions import permission_scope, require
from sanwei.activities.models import Activity
from sanwei.core.errors import ServiceError
from sanwei.core.forms import add_service_error
from sanwei.core.viewkit import DeletePage, EditPage, ListPage
from sanwei.needs.models import Need
from sanwei.regions.models import Region

from . import services
from .filters import QuantityFilter
from .forms import ITEMS_DATALIST, QuantityForm
from .models import Quantity
from .permissions import CHANGE_QUANTITIES, VIEW_QUANTITIES


def owner_url(owner) -> str:
    if isinstance(owner, Activity):
        return reverse("activities:activity_detail", args=[owner.pk])
    return reverse("needs:need_detail", args=[owner.pk])


def top_region(user) -> Region | None:
    """The caller's topmost region where they see quantities (scoped: in a request)."""
    scope = permission_scope(user, VIEW_QUANTITIES)
    regions = Region.objects.order_by("level", "path")
    if scope is not None:
        regions = regions.filter(path__under=scope)
    return regions.first()


class Totals(ListPage):
    """`?region=` (default the caller's topmost), `?start=`, `?end=`, `?campaign=`: the
    totals by item and unit, each child region's, and the records counted."""

    model = Quantity
    select_related = (
        "activity",
        "activity__region",
        "activity__activity_type",
        "need",
        "need__region",
        "need__category",
    )
    ordering = ("-id",)
    filterset_class = QuantityFilter
    permission = VIEW_QUANTITIES
    template_name = "quantities/totals.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.filterset.form.cleaned_data if self.filterset.is_bound else {}
        region = data.get("region") or top_region(self.request.user)
        context["region"] = region
        if region is not None:
            context["breakdown"] = services.quantity_breakdown(
                region, start=data.get("start"), end=data.get("end"), campaign=data.get("campaign")
            )
        return context


totals = Totals.as_view()


def _owner(kind: str, pk: int):
    model = Activity if kind == "activity" else Need
    return get_object_or_404(model.objects.select_related("region"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def quantity_add(request: HttpRequest, kind: str, owner_pk: int) -> HttpResponse:
    """Add a quantity to an activity or a need (the section's form posts here; a refused
    value comes back on this page's form)."""
    owner = _owner(kind, owner_pk)
    require(request.user, CHANGE_QUANTITIES, owner.region)
    form = QuantityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            quantity = services.add_quantity(
                owner, user=request.user, item=d["item"], quantity=d["quantity"],
                unit=d["unit"], note=d["note"],
            )  # fmt: skip
        except ServiceError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("已登记%(what)s") % {"what": quantity})
            return redirect(owner_url(owner))
    return render(
        request,
        "quantities/quantity_form.html",
        {
            "form": form,
            "owner": owner,
            "cancel_url": owner_url(owner),
            "items": services.item_suggestions(owner.region),
            "datalist_id": ITEMS_DATALIST,
        },
        status=400 if request.method == "POST" else 200,
    )


def activity_add(request: HttpRequest, activity_pk: int) -> HttpResponse:
    return quantity_add(request, "activity", activity_pk)


def need_add(request: HttpRequest, need_pk: int) -> HttpResponse:
    return quantity_add(request, "need", need_pk)


class QuantityPages:
    model = Quantity
    select_related = ("activity", "activity__region", "need", "need__region")
    list_url = "quantities:totals"

    def object_url(self, obj) -> str:
        return owner_url(obj.owner)


class QuantityEdit(QuantityPages, EditPage):
    form_class = QuantityForm
    permission = CHANGE_QUANTITIES
    service = services.save_quantity
    template_name = "quantities/quantity_form.html"
    success_message = gettext_lazy("已保存%(name)s")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        owner = self.object.owner
        context.update(
            owner=owner,
            items=services.item_suggestions(owner.region),
            datalist_id=ITEMS_DATALIST,
        )
        return context


class QuantityDelete(QuantityPages, DeletePage):
    permission = CHANGE_QUANTITIES
    service = services.delete_quantity
    kind = gettext_lazy("物资与成果记录")
    success_message = gettext_lazy("已删除%(name)s")

    def get_success_url(self) -> str:
        return owner_url(self.object.owner)


quantity_edit = QuantityEdit.as_view()
quantity_delete = QuantityDelete.as_view()
