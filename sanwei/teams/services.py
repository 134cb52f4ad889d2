"""Rules for teams and memberships, one place each; views and the API call these.

- the volunteer hierarchy: a squad (小队) hangs under a squadron (中队), a squadron
  under a volunteer brand (志愿服务品牌), a brand under nothing;
- a parent team lies in the team's own region or in an ancestor region;
- a member lives in the team's region subtree, and holds at most one open membership
  per team (`check_joining`, for one member or many: `add_member`, `add_members`);
- a team other records depend on (activities, subteams) is not deleted.

Every write takes `user=` and checks it here (`rules.py`): None and anonymous users are
refused with NotPermitted, the system passes `accounts.permissions.SYSTEM`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, IntegerField, ProtectedError, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import require_that
from sanwei.core.db import violated_constraint
from sanwei.core.errors import ServiceError
from sanwei.people.models import Person
from sanwei.regions.models import Region

from . import rules
from .models import MemberRole, Membership, Team, TeamKind
from .permissions import CHANGE_TEAMS

VOLUNTEER_KINDS = frozenset({TeamKind.VOLUNTEER_BRAND, TeamKind.SQUADRON, TeamKind.SQUAD})
OTHER_KINDS = frozenset(set(TeamKind) - VOLUNTEER_KINDS)

# Kinds a team of each kind may hang under. A volunteer brand stands at the top.
ALLOWED_PARENT_KINDS: dict[str, frozenset[str]] = {
    TeamKind.VOLUNTEER_BRAND: frozenset(),
    TeamKind.SQUADRON: frozenset({TeamKind.VOLUNTEER_BRAND}),
    TeamKind.SQUAD: frozenset({TeamKind.SQUADRON}),
    **{kind: OTHER_KINDS for kind in OTHER_KINDS},
}

ROLE_RANK = {MemberRole.LEADER: 0, MemberRole.DEPUTY: 1, MemberRole.LECTURER: 2}

BULK_BATCH = 2000
BULK_QUERY_MAX = 500  # more people than this: read the team's members instead


def with_member_counts(teams: QuerySet[Team]) -> QuerySet[Team]:
    """Annotate `member_count`: open memberships, counted in the same query."""
    return teams.annotate(
        member_count=Count("memberships", filter=Q(memberships__ended_on__isnull=True))
    )


def ordered_memberships(memberships: QuerySet[Membership]) -> QuerySet[Membership]:
    """Open before ended, leaders first, then by start date."""
    rank = Case(
        *(When(role=role, then=Value(n)) for role, n in ROLE_RANK.items()),
        default=Value(len(ROLE_RANK)),
        output_field=IntegerField(),
    )
    return memberships.annotate(
        _ended=Case(
            When(ended_on__isnull=True, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        _rank=rank,
    ).order_by("_ended", "_rank", "started_on", "pk")


# --- teams -----------------------------------------------------------------------------


def _kind_label(kind: str) -> str:
    return str(TeamKind(kind).label)


def check_team_rules(team: Team) -> None:
    """Raise ServiceError when the team breaks the hierarchy or region rules."""
    if not (team.name or "").strip():
        raise ServiceError("team_name_required", _("请填写队伍名称"), field="name")
    allowed = ALLOWED_PARENT_KINDS[team.kind]
    parent = team.parent if team.parent_id else None
    if parent is not None:
        if team.pk is not None and parent.pk == team.pk:
            raise ServiceError("team_parent_self", _("上级队伍不能是本队"), field="parent")
        if not allowed:
            raise ServiceError(
                "team_parent_kind",
                _("%(kind)s是最高一级，不能设置上级队伍") % {"kind": _kind_label(team.kind)},
                field="parent",
            )
        if parent.kind not in allowed:
            raise ServiceError(
                "team_parent_kind",
                _("%(kind)s的上级队伍应为%(allowed)s，不能是%(parent)s")
                % {
                    "kind": _kind_label(team.kind),
                    "allowed": _("或").join(_kind_label(k) for k in sorted(allowed)),
                    "parent": _kind_label(parent.kind),
                },
                field="parent",
            )
        if not team.region.path.startswith(parent.region.path):
            raise ServiceError(
                "team_parent_region",
                _("上级队伍“%(parent)s”属于%(region)s，应在本队所属区划或其上级区划")
                % {"parent": parent.name, "region": parent.region.name},
                field="parent",
            )
        ancestor, seen = parent, {parent.pk}
        while ancestor.parent_id is not None:
            if ancestor.parent_id == team.pk:
                raise ServiceError(
                    "team_parent_cycle", _("上级队伍不能是本队的下级队伍"), field="parent"
                )
            if ancestor.parent_id in seen:
                break
            seen.add(ancestor.parent_id)
            ancestor = Team.unscoped.select_related("region").get(pk=ancestor.parent_id)
    if team.pk is None:
        return
    # What hangs under this team must still fit after a change of kind or region.
    for child in Team.unscoped.filter(parent_id=team.pk).select_related("region"):
        if team.kind not in ALLOWED_PARENT_KINDS[child.kind]:
            raise ServiceError(
                "team_children_kind",
                _("下级队伍“%(child)s”（%(kind)s）不能隶属于%(new)s")
                % {
                    "child": child.name,
                    "kind": _kind_label(child.kind),
                    "new": _kind_label(team.kind),
                },
                field="kind",
            )
        if not child.region.path.startswith(team.region.path):
            raise ServiceError(
                "team_children_region",
                _("下级队伍“%(child)s”不在所选区划内") % {"child": child.name},
                field="region",
            )
    outside = (
        Membership.unscoped.filter(team_id=team.pk, ended_on__isnull=True)
        .exclude(person__region__path__startswith=team.region.path)
        .count()
    )
    if outside:
        raise ServiceError(
            "team_members_outside_region",
            _("本队有%(n)d名在队队员不住在所选区划内，不能改到该区划") % {"n": outside},
            field="region",
        )


@transaction.atomic
def save_team(team: Team, *, user=None) -> Team:
    """Check the rules and save; raises ServiceError (with `field`), nothing saved on error."""
    created = team.pk is None
    team.name = (team.name or "").strip()
    if not created:
        before = Team.unscoped.select_for_update().select_related("region").get(pk=team.pk)
        require_that(rules.may_change_team(user, before), CHANGE_TEAMS)
    require_that(rules.may_change_team(user, team), CHANGE_TEAMS)
    check_team_rules(team)
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError as e:
        if violated_constraint(e) == "unique_team_name_in_region":
            raise ServiceError(
                "team_name_taken",
                _("%(region)s已有名为“%(name)s”的队伍")
                % {"region": team.region.name, "name": team.name},
                field="name",
            ) from e
        raise
    team.log_action(
        "sanwei.team.created" if created else "sanwei.team.changed",
        user=user,
        data={
            "name": team.name,
            "kind": team.kind,
            "region": team.region.code,
            "parent": team.parent_id,
        },
    )
    return team


def delete_team(team: Team, *, user=None) -> None:
    """Delete a team (its memberships go with it); refused while activities or subteams
    depend on it."""
    require_that(rules.may_change_team(user, team), CHANGE_TEAMS)
    try:
        with transaction.atomic():
            team.log_action(
                "sanwei.team.deleted",
                user=user,
                data={"name": team.name, "kind": team.kind, "region": team.region.code},
            )
            team.delete()
    except ProtectedError as e:
        kinds = sorted({str(obj._meta.verbose_name) for obj in e.protected_objects})
        raise ServiceError(
            "team_in_use",
            _("队伍“%(name)s”仍有%(kinds)s引用，不能删除；请先处理这些记录")
            % {"name": team.name, "kinds": "、".join(_kind_word(k) for k in kinds)},
        ) from e


def _kind_word(verbose_name: str) -> str:
    """'队伍' as a dependant of a team reads better as '下级队伍'."""
    return _("下级队伍") if verbose_name == str(Team._meta.verbose_name) else verbose_name


# --- memberships -----------------------------------------------------------------------


def member_candidates(team: Team) -> QuerySet[Person]:
    """People who may join `team`: in its region subtree (scoped), not already open members,
    by name. Searched with `people.services.search_people` (the member picker)."""
    return (
        Person.objects.filter(region__path__startswith=team.region.path)
        .exclude(memberships__team=team, memberships__ended_on__isnull=True)
        .select_related("region")
        .order_by("name", "pk")
    )


@transaction.atomic
def add_member(
    team: Team,
    person: Person,
    *,
    role: str = MemberRole.MEMBER,
    started_on: dt.date | None = None,
    user=None,
) -> Membership:
    """Give `person` an open membership of `team`."""
    require_that(rules.may_change_team(user, team), CHANGE_TEAMS)
    Team.unscoped.select_for_update().filter(pk=team.pk).exists()
    check_joining(team, [person], role)
    membership = Membership(
        team=team, person=person, role=role, started_on=started_on or timezone.localdate()
    )
    _insert_open([membership])
    membership.log_action(
        "sanwei.membership.created",
        user=user,
        data={"team": team.pk, "person": person.pk, "role": role},
    )
    return membership


@transaction.atomic
def add_members(
    team: Team,
    persons: Sequence[Person],
    *,
    role: str = MemberRole.MEMBER,
    started_on: dt.date | None = None,
    user=None,
) -> list[Membership]:
    """Give each of `persons` an open membership of `team` in bulk (the roster import's
    volunteers): the rules of `add_member` for all of them, then one insert per batch and
    one log entry. All or none: the first person breaking a rule refuses the lot."""
    require_that(rules.may_change_team(user, team), CHANGE_TEAMS)
    if not persons:
        return []
    Team.unscoped.select_for_update().filter(pk=team.pk).exists()
    check_joining(team, persons, role)
    day = started_on or timezone.localdate()
    memberships = [
        Membership(team=team, person_id=p.pk, role=role, started_on=day) for p in persons
    ]
    _insert_open(memberships)
    team.log_action(
        "sanwei.membership.created_in_bulk",
        user=user,
        data={"team": team.pk, "persons": [p.pk for p in persons], "role": role},
    )
    return memberships


def _insert_open(memberships: list[Membership]) -> None:
    """Insert new open memberships; one the database finds open already (a concurrent
    add that `check_joining` could not see) is refused like any duplicate."""
    try:
        with transaction.atomic():
            Membership.unscoped.bulk_create(memberships, batch_size=BULK_BATCH)
    except IntegrityError as e:
        if violated_constraint(e) != "one_open_membership_per_team":
            raise
        raise ServiceError("membership_duplicate", _("该群众已是本队队员"), field="person") from e


def check_joining(team: Team, persons: Sequence[Person], role: str) -> None:
    """The rules for joining `team`: each person lives in its region subtree, the role is
    one of the roles, and no one holds an open membership of it already (or joins twice).
    Raises ServiceError for the first person that breaks one."""
    regions = Region.unscoped.only("pk", "name", "path").in_bulk({p.region_id for p in persons})
    for person in persons:
        region = regions[person.region_id]
        if not region.path.startswith(team.region.path):
            raise ServiceError(
                "member_outside_region",
                _("%(person)s住在%(region)s，不在本队所属区划%(team_region)s内")
                % {
                    "person": person.name,
                    "region": region.name,
                    "team_region": team.region.name,
                },
                field="person",
            )
    if role not in MemberRole.values:
        raise ServiceError("member_role", _("职务无效"), field="role")
    open_members = Membership.unscoped.filter(team_id=team.pk, ended_on__isnull=True)
    if len(persons) <= BULK_QUERY_MAX:
        open_members = open_members.filter(person_id__in=[p.pk for p in persons])
    members = set(open_members.values_list("person_id", flat=True))
    for person in persons:
        if person.pk in members:
            raise ServiceError("membership_duplicate", _("该群众已是本队队员"), field="person")
        members.add(person.pk)


@transaction.atomic
def end_membership(
    membership: Membership, ended_on: dt.date | None = None, *, user=None
) -> Membership:
    """Close an open membership on `ended_on` (default today), not before it started."""
    require_that(rules.may_change_membership(user, membership), CHANGE_TEAMS)
    locked = Membership.unscoped.select_for_update().get(pk=membership.pk)
    ended_on = ended_on or timezone.localdate()
    if locked.ended_on is not None:
        raise ServiceError(
            "membership_already_ended",
            _("该队员已于%(day)s退出") % {"day": locked.ended_on.isoformat()},
            field="ended_on",
        )
    if ended_on < locked.started_on:
        raise ServiceError(
            "membership_end_before_start",
            _("退出日期不能早于加入日期（%(day)s）") % {"day": locked.started_on.isoformat()},
            field="ended_on",
        )
    membership.ended_on = ended_on
    membership.save(update_fields=["ended_on"])
    membership.log_action(
        "sanwei.membership.ended",
        user=user,
        data={
            "team": membership.team_id,
            "person": membership.person_id,
            "ended_on": str(ended_on),
        },
    )
    return membership


@transaction.atomic
def remove_membership(membership: Membership, *, user=None) -> None:
    """Delete a membership recorded by mistake (ending it keeps the history)."""
    require_that(rules.may_change_membership(user, membership), CHANGE_TEAMS)
    membership.log_action(
        "sanwei.membership.deleted",
        user=user,
        data={"team": membership.team_id, "person": membership.person_id},
    )
    membership.delete()
