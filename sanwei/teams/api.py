"""Teams API: the same scoping, permissions and service rules as the pages."""

import datetime as dt

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from sanwei.accounts.permissions import CHANGE_TEAMS, VIEW_TEAMS, require
from sanwei.core.api import ApiRouter, DbId, Paginator, RegionFields, patch_schema, referenced
from sanwei.core.filters import filtered
from sanwei.people.models import Person
from sanwei.regions.services import region_by_code

from . import services
from .filters import TeamFilter
from .models import MemberRole, Membership, Team, TeamKind

router = ApiRouter(tags=["teams"])


class TeamOut(RegionFields):
    id: int
    name: str
    kind: TeamKind
    kind_display: str
    parent_id: int | None
    description: str
    member_count: int

    @staticmethod
    def resolve_kind_display(obj: Team) -> str:
        return str(obj.get_kind_display())


class TeamIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    kind: TeamKind
    region: str = Field(..., description="区划代码")
    parent_id: DbId | None = None
    description: str = ""


TeamPatch = patch_schema(TeamIn, "TeamPatch")


class MembershipOut(Schema):
    id: int
    team_id: int
    person_id: int
    person_name: str
    role: MemberRole
    role_display: str
    started_on: dt.date
    ended_on: dt.date | None
    is_active: bool

    @staticmethod
    def resolve_person_name(obj: Membership) -> str:
        return obj.person.name

    @staticmethod
    def resolve_role_display(obj: Membership) -> str:
        return str(obj.get_role_display())


class MembershipIn(Schema):
    person_id: DbId
    role: MemberRole = MemberRole.MEMBER
    started_on: dt.date | None = None


class MembershipEnd(Schema):
    ended_on: dt.date | None = None


def _teams() -> QuerySet[Team]:
    return services.with_member_counts(Team.objects.select_related("region"))


def _team(team_pk: DbId) -> Team:
    return get_object_or_404(_teams(), pk=team_pk)


def _parent(parent_id: int | None) -> Team | None:
    return referenced(
        Team.objects.select_related("region"),
        parent_id,
        field="parent_id",
        message=_("上级队伍不存在或不在您的管辖范围内"),
    )


@router.get("/", response=list[TeamOut])
@paginate(Paginator, page_size=50)
def list_teams(
    request, kind: TeamKind | None = None, region: str | None = None, q: str | None = None
):
    """Teams in the caller's subtree; `region` is a division code (its whole subtree)."""
    require(request.user, VIEW_TEAMS)
    teams = filtered(TeamFilter, request, _teams())
    return teams.order_by("region__path", "kind", "name", "pk")


@router.post("/", response={201: TeamOut})
def create_team(request, payload: TeamIn):
    require(request.user, CHANGE_TEAMS)
    region = region_by_code(payload.region)
    require(request.user, CHANGE_TEAMS, region)
    team = Team(
        name=payload.name,
        kind=payload.kind,
        region=region,
        parent=_parent(payload.parent_id),
        description=payload.description,
    )
    services.save_team(team, user=request.user)
    return Status(201, _team(team.pk))


@router.get("/{team_pk}", response=TeamOut)
def get_team(request, team_pk: DbId):
    team = _team(team_pk)
    require(request.user, VIEW_TEAMS)
    return team


@router.patch("/{team_pk}", response=TeamOut)
def update_team(request, team_pk: DbId, payload: TeamPatch):
    team = _team(team_pk)
    require(request.user, CHANGE_TEAMS, team.region)
    changes = payload.model_dump(exclude_unset=True)
    if "region" in changes:
        team.region = region_by_code(changes["region"])
        require(request.user, CHANGE_TEAMS, team.region)
    if "parent_id" in changes:
        team.parent = _parent(changes["parent_id"])
    for field in ("name", "kind", "description"):
        if field in changes:
            setattr(team, field, changes[field])
    services.save_team(team, user=request.user)
    return _team(team.pk)


@router.delete("/{team_pk}", response={204: None})
def delete_team(request, team_pk: DbId):
    team = _team(team_pk)
    require(request.user, CHANGE_TEAMS, team.region)
    services.delete_team(team, user=request.user)
    return Status(204, None)


@router.get("/{team_pk}/members", response=list[MembershipOut])
@paginate(Paginator, page_size=50)
def list_members(request, team_pk: DbId, active: bool | None = None):
    team = _team(team_pk)
    require(request.user, VIEW_TEAMS)
    memberships = Membership.objects.filter(team=team).select_related("person")
    if active is not None:
        memberships = memberships.filter(ended_on__isnull=active)
    return services.ordered_memberships(memberships)


@router.post("/{team_pk}/members", response={201: MembershipOut})
def add_member(request, team_pk: DbId, payload: MembershipIn):
    team = _team(team_pk)
    require(request.user, CHANGE_TEAMS, team.region)
    person = referenced(
        Person.objects.select_related("region"),
        payload.person_id,
        field="person_id",
        message=_("所选群众不存在或不在您的管辖范围内"),
    )
    membership = services.add_member(
        team, person, role=payload.role, started_on=payload.started_on, user=request.user
    )
    return Status(201, membership)


def _membership(request, membership_pk: DbId) -> Membership:
    membership = get_object_or_404(
        Membership.objects.select_related("team__region", "person"), pk=membership_pk
    )
    require(request.user, CHANGE_TEAMS, membership.team.region)
    return membership


@router.post("/members/{membership_pk}/end", response=MembershipOut)
def end_member(request, membership_pk: DbId, payload: MembershipEnd):
    """Close an open membership on `ended_on` (default today)."""
    membership = _membership(request, membership_pk)
    return services.end_membership(membership, payload.ended_on, user=request.user)


@router.delete("/members/{membership_pk}", response={204: None})
def delete_member(request, membership_pk: DbId):
    membership = _membership(request, membership_pk)
    services.remove_membership(membership, user=request.user)
    return Status(204, None)
