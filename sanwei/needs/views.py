"""Need pages: the work queue (filters shared with the API), one need with its timeline
and the action forms its state allows, the volunteer's phone page (open needs near me, my
needs) and the register form (staff, or a squad volunteer on a door-to-door visit)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from sanwei.accounts.permissions import can, require, require_that
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.forms import add_service_error
from sanwei.core.uploads import file_response, too_large, upload_limit
from sanwei.core.viewkit import ListPage
from sanwei.core.widgets import picker_endpoint, picker_results
from sanwei.people.forms import household_label
from sanwei.people.services import search_households

from . import forms, rules, services
from .filters import NeedFilter
from .models import Need, NeedSource, NeedState
from .permissions import HANDLE_NEEDS, REGISTER_NEEDS, VIEW_NEEDS, WORK_NEEDS

# seminar.permissions.VIEW_OPINIONS, by value: needs does not import seminar (seminar
# converts opinions into needs, so the dependency points from seminar to needs).
VIEW_SOURCE_OPINION = "opinions.view"
# reviews.permissions.VIEW_REVIEWS, by value: reviews imports needs, not the reverse.
VIEW_SOURCE_REVIEW = "reviews.view"


def _source_review(user, need: Need):
    """The review whose follow-up became this need, when the user may see it."""
    if need.source != NeedSource.REVIEW:
        return None
    follow_up = getattr(need, "follow_up", None)  # reviews.FollowUp.need's reverse
    if follow_up is None or not can(user, VIEW_SOURCE_REVIEW, follow_up.review.region):
        return None
    return follow_up.review


# The rows a need's page and the queue show with it.
SHOWN_WITH_NEED = ("region", "category", "team", "volunteer")


def _needs():
    return Need.objects.select_related(*SHOWN_WITH_NEED)


class NeedList(ListPage):
    model = Need
    select_related = SHOWN_WITH_NEED  # the table shows them (ListPage ignores `queryset`)
    filterset_class = NeedFilter
    permission = VIEW_NEEDS
    template_name = "needs/need_list.html"
    heading = gettext_lazy("群众需求办理")
    # What the table shows (and `is_overdue` reads): a county's queue reads 50 needs with
    # four related rows each, and a person has 27 columns.
    shown_fields = (
        "description", "urgency", "state", "due_at", "created_at",
        "region__name", "region__path", "category__name", "team__name", "volunteer__name",
    )  # fmt: skip

    def get_queryset(self):
        return super().get_queryset().only(*self.shown_fields)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        can_work = can(user, WORK_NEEDS)
        context.update(
            rows=[{"need": n, "overdue": services.is_overdue(n)} for n in context["object_list"]],
            heading=_("逾期未办结的需求")
            if self.request.GET.get("overdue") == "true"
            else self.heading,
            # A volunteer registers on a visit only with WORK_NEEDS (rules.may_register):
            # staff without it are not looked up as volunteers.
            can_register=can(user, REGISTER_NEEDS)
            or (can_work and rules.acting_person(user) is not None),
            can_work=can_work,
        )
        return context


need_list = NeedList.as_view()


def _detail_context(request, need: Need, **forms_in) -> dict:
    user = request.user
    opinion = need.source_opinion
    actions = services.allowed_actions(need.state)
    handle = can(user, HANDLE_NEEDS, need.region)
    work = rules.may_work_on(user, need)
    shown = {
        "accept": handle, "reject": handle, "refer": handle, "dispatch": handle,
        "close": handle, "rate": handle,
        "take": rules.is_working_volunteer(user, need.region),
        "start": work, "give_back": work, "resolve": work,
    }  # fmt: skip
    allowed = [a for a in actions if shown[a]]
    context = {
        "need": need,
        "opinion": opinion,
        "can_view_opinion": opinion is not None and can(user, VIEW_SOURCE_OPINION, opinion.region),
        "source_review": _source_review(user, need),
        "events": need.events.select_related("user").order_by("at", "pk"),
        "resolution": services.resolution_of(need),
        "overdue": services.is_overdue(need),
        "actions": allowed,
        "labels": services.ACTION_LABELS,
        "reason_form": forms_in.get("reason_form") or forms.ReasonForm(),
        "rate_form": forms_in.get("rate_form") or forms.RateForm(),
        "error": forms_in.get("error", ""),
    }
    if "dispatch" in allowed:
        volunteers, squads = services.suggest_candidates(need, user=user)
        context["candidates"] = (volunteers, squads)
        context["dispatch_form"] = forms_in.get("dispatch_form") or forms.DispatchForm(
            volunteers=volunteers, squads=squads
        )
    if "resolve" in allowed:
        context["resolve_form"] = forms_in.get("resolve_form") or forms.ResolveForm(
            people=services.workers_of(need)
        )
    return context


@login_required
@require_safe
def need_detail(request: HttpRequest, need_pk: int) -> HttpResponse:
    need = get_object_or_404(_needs().select_related("source_opinion"), pk=need_pk)
    require(request.user, VIEW_NEEDS, need.region)
    return render(request, "needs/need_detail.html", _detail_context(request, need))


@login_required
@require_safe
def need_photo(request: HttpRequest, need_pk: int, which: str) -> FileResponse:
    """The need's photo (`which` "registered") or its resolution's ("resolved"), shown as
    the image it was checked to be (`core.uploads.file_response`), to whoever may see the
    need; never from /media/."""
    need = get_object_or_404(_needs(), pk=need_pk)
    require(request.user, VIEW_NEEDS, need.region)
    photo = need.photo
    if which == "resolved":
        resolution = services.resolution_of(need)
        photo = resolution.photo if resolution is not None else None
    if not photo:
        raise Http404
    ext = photo.name.rsplit(".", 1)[-1]
    return file_response(photo, f"need-{need.pk}-{which}.{ext}", inline_image=True)


def _may(user, need: Need, action: str) -> bool:
    """The up-front check of an action's form (before its input is validated)."""
    if action == "take":
        return rules.is_working_volunteer(user, need.region)
    if action in ("start", "give_back", "resolve"):
        return rules.may_work_on(user, need)
    return can(user, HANDLE_NEEDS, need.region)


def _act(request, need: Need, action: str):
    """Run one action from its form; a ServiceError comes back as (form name, form)."""
    user = request.user
    post = request.POST
    if action in ("accept", "start", "close", "take"):
        getattr(services, action)(need, user=user)
        return None
    if action in ("reject", "refer", "give_back"):
        form = forms.ReasonForm(post)
        if not form.is_valid():
            return {"reason_form": form}
        getattr(services, action)(need, user=user, reason=form.cleaned_data["reason"])
        return None
    if action == "rate":
        form = forms.RateForm(post)
        if not form.is_valid():
            return {"rate_form": form}
        services.rate(
            need, user=user, rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )  # fmt: skip
        return None
    if action == "dispatch":
        require(user, HANDLE_NEEDS, need.region)
        # Only the suggested targets are choices: those the caller may dispatch to.
        volunteers, squads = services.suggest_candidates(need, user=user)
        form = forms.DispatchForm(post, volunteers=volunteers, squads=squads)
        if not form.is_valid():
            return {"dispatch_form": form}
        chosen = {f"{c.kind[0]}:{c.obj.pk}": c for c in [*volunteers, *squads]}
        candidate = chosen[form.cleaned_data["assignee"]]
        services.dispatch(need, user=user, **{candidate.kind: candidate.obj})
        return None
    if action == "resolve":
        require_that(rules.may_work_on(user, need), WORK_NEEDS)
        people = services.workers_of(need)
        form = forms.ResolveForm(post, request.FILES, people=people)
        if too_large(request):
            form.is_valid()
            form.add_error("photo", services.photo_too_large_message())
            return {"resolve_form": form}
        if not form.is_valid():
            return {"resolve_form": form}
        try:
            services.resolve(
                need, user=user, summary=form.cleaned_data["summary"],
                hours=form.hours(), photo=form.cleaned_data.get("photo"),
            )  # fmt: skip
        except NotPermitted:
            raise
        except ServiceError as e:
            add_service_error(form, e)
            return {"resolve_form": form}
        return None
    raise PermissionDenied


@login_required
@require_POST
@upload_limit("NEED_PHOTO_MAX_BYTES")
def need_action(request: HttpRequest, need_pk: int, action: str) -> HttpResponse:
    need = get_object_or_404(_needs().select_related("source_opinion"), pk=need_pk)
    require(request.user, VIEW_NEEDS, need.region)
    if not _may(request.user, need, action):
        raise PermissionDenied
    try:
        bad = _act(request, need, action)
    except NotPermitted:
        raise
    except ServiceError as e:
        bad = {"error": e.message}
    if bad is None:
        messages.success(request, _("已%(action)s") % {"action": services.ACTION_LABELS[action]})
        if action == "take":
            return redirect("needs:my_needs")
        return redirect("needs:need_detail", need_pk=need.pk)
    need.refresh_from_db()
    return render(
        request, "needs/need_detail.html", _detail_context(request, need, **bad), status=400
    )


@login_required
@require_safe
def my_needs(request: HttpRequest) -> HttpResponse:
    """The volunteer's phone page: their needs, and the open needs of their town."""
    user = request.user
    require(user, WORK_NEEDS)
    person = rules.acting_person(user)
    mine = open_needs = Need.objects.none()
    if person is not None:
        active = (NeedState.DISPATCHED, NeedState.IN_PROGRESS)
        mine = (
            _needs()
            .filter(state__in=active)
            .filter(
                Q(volunteer=person)
                | Q(team__memberships__person=person, team__memberships__ended_on__isnull=True)
            )
            .distinct()
            .order_by("due_at")
        )
        open_needs = (
            _needs()
            .filter(
                state=NeedState.ACCEPTED, region__path__startswith=rules.town_path(person.region)
            )
            .order_by("due_at")[:50]
        )
    return render(
        request, "needs/my_needs.html", {"person": person, "mine": mine, "open_needs": open_needs}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@upload_limit("NEED_PHOTO_MAX_BYTES")
def need_create(request: HttpRequest) -> HttpResponse:
    """Register a need: staff for a call or a walk-in, a squad volunteer on a visit."""
    user = request.user
    staff = can(user, REGISTER_NEEDS)
    if not staff and rules.acting_person(user) is None:
        raise PermissionDenied
    form = forms.NeedForm(request.POST or None, request.FILES or None, user=user, staff=staff)
    if request.method == "POST":
        if too_large(request):
            form.is_valid()
            form.add_error("photo", services.photo_too_large_message())
        elif form.is_valid():
            data = form.cleaned_data
            try:
                need = services.register_need(
                    user=user, region=data["region"], description=data["description"],
                    category=data["category"], urgency=data["urgency"],
                    source=data["source"], household=data.get("household"),
                    photo=data.get("photo"),
                )  # fmt: skip
            except NotPermitted:
                raise
            except ServiceError as e:
                add_service_error(form, e)
            else:
                messages.success(request, _("已登记需求，查询码 %(code)s") % {"code": need.code})
                return redirect("needs:need_detail", need_pk=need.pk)
    return render(request, "needs/need_form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


@login_required
@picker_endpoint
def household_picker(request: HttpRequest) -> HttpResponse:
    """The register form's household search (staff, or a squad volunteer on a visit)."""
    user = request.user
    if not can(user, REGISTER_NEEDS) and rules.acting_person(user) is None:
        raise PermissionDenied
    return picker_results(
        request,
        forms.household_queryset(),
        search=partial(search_households, user=user),
        label=household_label,
    )
