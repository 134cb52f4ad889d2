"""Team pages: list, detail, create/edit/delete, and memberships. Thin: rules in services."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from sanwei.accounts.permissions import CHANGE_TEAMS, VIEW_ACTIVITIES, VIEW_TEAMS, can, require
from sanwei.core.errors import ServiceError
from sanwei.core.forms import add_service_error
from sanwei.core.viewkit import CreatePage, DeletePage, EditPage, ListPage
from sanwei.core.widgets import picker_endpoint, picker_results
from sanwei.people.services import search_people

from . import services
from .filters import TeamFilter
from .forms import EndMembershipForm, MembershipForm, TeamForm, member_label
from .models import Membership, Team

PAGE_SIZE = 50


class TeamList(ListPage):
    model = Team
    select_related = ("region", "parent")
    ordering = ("region__path", "kind", "name", "pk")
    filterset_class = TeamFilter
    permission = VIEW_TEAMS
    create_permission = CHANGE_TEAMS

    def get_queryset(self):
        return services.with_member_counts(super().get_queryset())


@login_required
@require_GET
def team_detail(request: HttpRequest, team_pk: int) -> HttpResponse:
    team = get_object_or_404(Team.objects.select_related("region", "parent__region"), pk=team_pk)
    require(request.user, VIEW_TEAMS)
    memberships = services.ordered_memberships(
        Membership.objects.filter(team=team).select_related("person__region")
    )
    subteams = services.with_member_counts(
        Team.objects.filter(parent=team).select_related("region")
    ).order_by("region__path", "name")
    activities = None
    if can(request.user, VIEW_ACTIVITIES):
        activities = team.activity_set.select_related("activity_type", "region").order_by(
            "-starts_at"
        )
    parent_visible = team.parent_id and Team.objects.filter(pk=team.parent_id).exists()
    return render(
        request,
        "teams/team_detail.html",
        {
            "team": team,
            "memberships": memberships,
            "subteams": subteams,
            "activities": activities[:20] if activities is not None else None,
            "activity_count": activities.count() if activities is not None else 0,
            "parent_visible": parent_visible,
            "can_change": can(request.user, CHANGE_TEAMS, team.region),
            "end_form": EndMembershipForm(initial={"ended_on": timezone.localdate()}),
        },
    )


class TeamPages:
    """What the create, edit and delete pages of a team share."""

    model = Team
    select_related = ("region", "parent")
    permission = CHANGE_TEAMS
    detail_url, list_url = "teams:team_detail", "teams:team_list"


class TeamFormPage(TeamPages):
    form_class = TeamForm
    service = services.save_team


class TeamCreate(TeamFormPage, CreatePage):
    success_message = _("已创建队伍“%(name)s”")


class TeamEdit(TeamFormPage, EditPage):
    success_message = _("已保存队伍“%(name)s”")


class TeamDelete(TeamPages, DeletePage):
    service = services.delete_team
    kind = _("队伍")
    warning = _("队员记录将一并删除。")
    success_message = _("已删除队伍“%(name)s”")


team_list = TeamList.as_view()
team_create = TeamCreate.as_view()
team_edit = TeamEdit.as_view()
team_delete = TeamDelete.as_view()


# --- memberships -----------------------------------------------------------------------


@login_required
def member_add(request: HttpRequest, team_pk: int) -> HttpResponse:
    team = get_object_or_404(Team.objects.select_related("region"), pk=team_pk)
    require(request.user, CHANGE_TEAMS, team.region)
    form = MembershipForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.add_member(
                team,
                form.cleaned_data["person"],
                role=form.cleaned_data["role"],
                started_on=form.cleaned_data["started_on"],
                user=request.user,
            )
        except ServiceError as e:
            add_service_error(form, e)
        else:
            messages.success(
                request,
                _("已将%(person)s加入%(team)s")
                % {"person": membership.person.name, "team": team.name},
            )
            return redirect("teams:team_detail", team_pk=team.pk)
    return render(request, "teams/member_form.html", {"team": team, "form": form})


@login_required
@picker_endpoint
def member_candidates(request: HttpRequest, team_pk: int) -> HttpResponse:
    """The member picker's search: people who may join the team (htmx)."""
    team = get_object_or_404(Team.objects.select_related("region"), pk=team_pk)
    require(request.user, CHANGE_TEAMS, team.region)
    return picker_results(
        request,
        services.member_candidates(team),
        search=partial(search_people, user=request.user),
        label=member_label,
    )


def _membership_to_change(request: HttpRequest, membership_pk: int) -> Membership:
    """A membership in scope (else 404) whose team the user may change (else 403)."""
    membership = get_object_or_404(
        Membership.objects.select_related("team__region", "person"), pk=membership_pk
    )
    require(request.user, CHANGE_TEAMS, membership.team.region)
    return membership


@login_required
@require_POST
def member_end(request: HttpRequest, membership_pk: int) -> HttpResponse:
    membership = _membership_to_change(request, membership_pk)
    form = EndMembershipForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写有效的退出日期"))
    else:
        try:
            services.end_membership(membership, form.cleaned_data["ended_on"], user=request.user)
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            messages.success(
                request, _("%(person)s已退出本队") % {"person": membership.person.name}
            )
    return redirect("teams:team_detail", team_pk=membership.team_id)


@login_required
@require_POST
def member_delete(request: HttpRequest, membership_pk: int) -> HttpResponse:
    membership = _membership_to_change(request, membership_pk)
    team_pk, name = membership.team_id, membership.person.name
    services.remove_membership(membership, user=request.user)
    messages.success(request, _("已删除%(person)s的队员记录") % {"person": name})
    return redirect("teams:team_detail", team_pk=team_pk)
