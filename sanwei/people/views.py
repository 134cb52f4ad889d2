"""Pages for people (群众) and households (户). Thin: scoped queries, permission checks,
forms; every rule runs in `services`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from sanwei.accounts.permissions import CHANGE_PEOPLE, VIEW_PEOPLE, VIEW_SENSITIVE, can, require
from sanwei.core.errors import ServiceError
from sanwei.core.forms import add_service_error
from sanwei.core.web import delete_then_redirect

from . import services
from .forms import HouseholdFilterForm, HouseholdForm, PersonFilterForm, PersonForm
from .models import Household, Person, RelationToHead
from .privacy import ShownPerson

PAGE_SIZE = 50


def _list_response(
    request: HttpRequest, page_template: str, partial_template: str, target: str, context: dict
) -> HttpResponse:
    """The whole page, or only the results table when htmx asks for `target`."""
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and htmx.target == target
    response = render(request, partial_template if partial else page_template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


# --------------------------------------------------------------------------- persons


@login_required
@require_safe
def person_list(request: HttpRequest) -> HttpResponse:
    require(request.user, VIEW_PEOPLE)
    form = PersonFilterForm(request.GET)
    people = services.filter_people(
        Person.objects.select_related("region", "household").prefetch_related("household__members"),
        **form.filters(),
        user=request.user,
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    for person in page:
        person.phone_masked = services.masked_phone(person)
    return _list_response(
        request,
        "people/person_list.html",
        "people/_person_table.html",
        "person-results",
        {"form": form, "page": page, "can_create": can(request.user, CHANGE_PEOPLE)},
    )


def _person_detail_context(request: HttpRequest, person: Person) -> dict:
    household = person.household
    members = (
        sorted(
            household.members.select_related("region"),
            key=lambda m: (m.relation_to_head != RelationToHead.HEAD, m.name),
        )
        if household
        else []
    )
    return {
        "person": person,
        "shown": ShownPerson.of(person, request.user),
        "household": household,
        "members": members,
        "memberships": person.memberships.select_related("team", "team__region"),
        "attendances": person.attendances.select_related(
            "activity", "activity__activity_type", "activity__region"
        ).order_by("-activity__starts_at", "-id"),
        "can_change": can(request.user, CHANGE_PEOPLE, person.region),
        "can_view_sensitive": can(request.user, VIEW_SENSITIVE, person.region),
    }


@login_required
@require_safe
def person_detail(request: HttpRequest, person_pk: int) -> HttpResponse:
    require(request.user, VIEW_PEOPLE)
    person = get_object_or_404(Person.objects.select_related("region", "household"), pk=person_pk)
    return render(request, "people/person_detail.html", _person_detail_context(request, person))


@never_cache
@login_required
@require_POST
def person_sensitive(request: HttpRequest, person_pk: int) -> HttpResponse:
    """Show the unmasked ID number and phone once (not stored in the page's URL), logged."""
    person = get_object_or_404(Person.objects.select_related("region", "household"), pk=person_pk)
    require(request.user, VIEW_SENSITIVE, person.region)
    context = _person_detail_context(request, person)
    context["revealed"] = services.reveal_sensitive(person, user=request.user)
    return render(request, "people/person_detail.html", context)


def _save_person_form(request: HttpRequest, form: PersonForm) -> Person | None:
    """Run the service on a valid form; None (with errors on the form) when refused."""
    person = form.save(commit=False)
    require(request.user, CHANGE_PEOPLE, person.region)
    try:
        return services.save_person(person, id_number=form.id_number_value(), user=request.user)
    except ServiceError as e:
        add_service_error(form, e)
        return None


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    require(request.user, CHANGE_PEOPLE)
    if request.method == "POST":
        form = PersonForm(request.POST, user=request.user)
        if form.is_valid() and (person := _save_person_form(request, form)) is not None:
            messages.success(request, _("已登记群众“%(name)s”") % {"name": person.name})
            return redirect("people:person_detail", person_pk=person.pk)
    else:
        initial = {}
        household_pk = request.GET.get("household", "")
        if household_pk.isdigit():
            household = Household.objects.filter(pk=int(household_pk)).first()
            if household is not None:
                initial = {"household": household.pk, "region": household.region_id}
        form = PersonForm(initial=initial, user=request.user)
    return render(request, "people/person_form.html", {"form": form, "person": None})


@login_required
def person_edit(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("region"), pk=person_pk)
    require(request.user, CHANGE_PEOPLE, person.region)
    name = person.name
    if request.method == "POST":
        form = PersonForm(request.POST, instance=person, user=request.user)
        if form.is_valid() and _save_person_form(request, form) is not None:
            messages.success(request, _("已保存群众“%(name)s”") % {"name": person.name})
            return redirect("people:person_detail", person_pk=person.pk)
    else:
        form = PersonForm(instance=person, user=request.user)
    return render(
        request, "people/person_form.html", {"form": form, "person": person, "person_name": name}
    )


@login_required
def person_delete(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("region"), pk=person_pk)
    require(request.user, CHANGE_PEOPLE, person.region)
    if request.method == "POST":
        return delete_then_redirect(
            request,
            lambda: services.delete_person(person, user=request.user),
            success_message=_("已删除群众“%(name)s”") % {"name": person.name},
            success_url=reverse("people:person_list"),
            failure_url=reverse("people:person_detail", args=[person.pk]),
        )
    return render(request, "people/person_confirm_delete.html", {"person": person})


# ------------------------------------------------------------------------ households


@login_required
@require_safe
def household_list(request: HttpRequest) -> HttpResponse:
    require(request.user, VIEW_PEOPLE)
    form = HouseholdFilterForm(request.GET)
    region, query = form.filters()
    households = Household.objects.select_related("region").prefetch_related("members")
    if region is not None:
        households = households.filter(region__path__startswith=region.path)
    households = (
        services.search_households(households, query, user=request.user)
        .annotate(member_count=Count("members"))
        .order_by("region__path", "id")
    )
    page = Paginator(households, PAGE_SIZE).get_page(request.GET.get("page"))
    return _list_response(
        request,
        "people/household_list.html",
        "people/_household_table.html",
        "household-results",
        {"form": form, "page": page, "can_create": can(request.user, CHANGE_PEOPLE)},
    )


@login_required
@require_safe
def household_detail(request: HttpRequest, household_pk: int) -> HttpResponse:
    require(request.user, VIEW_PEOPLE)
    household = get_object_or_404(Household.objects.select_related("region"), pk=household_pk)
    members = sorted(
        household.members.select_related("region"),
        key=lambda m: (m.relation_to_head != RelationToHead.HEAD, m.name),
    )
    return render(
        request,
        "people/household_detail.html",
        {
            "household": household,
            "members": members,
            "can_change": can(request.user, CHANGE_PEOPLE, household.region),
        },
    )


@login_required
def household_create(request: HttpRequest) -> HttpResponse:
    require(request.user, CHANGE_PEOPLE)
    form = HouseholdForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        household = form.save(commit=False)
        require(request.user, CHANGE_PEOPLE, household.region)
        try:
            services.save_household(household, user=request.user)
        except ServiceError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("已登记新户"))
            return redirect("people:household_detail", household_pk=household.pk)
    return render(request, "people/household_form.html", {"form": form, "household": None})


@login_required
def household_edit(request: HttpRequest, household_pk: int) -> HttpResponse:
    household = get_object_or_404(Household.objects.select_related("region"), pk=household_pk)
    require(request.user, CHANGE_PEOPLE, household.region)
    label = str(household)
    form = HouseholdForm(request.POST or None, instance=household, user=request.user)
    if request.method == "POST" and form.is_valid():
        household = form.save(commit=False)
        require(request.user, CHANGE_PEOPLE, household.region)
        try:
            services.save_household(household, user=request.user)
        except ServiceError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("已保存“%(household)s”") % {"household": label})
            return redirect("people:household_detail", household_pk=household.pk)
    return render(
        request,
        "people/household_form.html",
        {"form": form, "household": household, "household_label": label},
    )


@login_required
def household_delete(request: HttpRequest, household_pk: int) -> HttpResponse:
    household = get_object_or_404(Household.objects.select_related("region"), pk=household_pk)
    require(request.user, CHANGE_PEOPLE, household.region)
    label = str(household)
    if request.method == "POST":
        return delete_then_redirect(
            request,
            lambda: services.delete_household(household, user=request.user),
            success_message=_("已删除“%(household)s”") % {"household": label},
            success_url=reverse("people:household_list"),
            failure_url=reverse("people:household_detail", args=[household.pk]),
        )
    member_count = household.members.count()
    return render(
        request,
        "people/household_confirm_delete.html",
        {"household": household, "label": label, "member_count": member_count},
    )
