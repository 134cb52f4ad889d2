"""The gap list: who a campaign has not reached yet, hardest to reach first.

Whether a person or a household is reached is the engine's answer (`engine.reached_flag`,
`engine.household_reached_flag`); this module only orders and explains the rest.

Priority score (higher = harder to reach = listed first), one bit per flag so that any
person with a higher flag outranks everyone without it, whatever their other flags:

    70 岁以上 (GAP_ELDERLY_AGE, on `today`)   8
    体弱多病 (is_frail)                         4
    行动不便 (is_mobility_impaired)             2
    外出流动 (is_migrant)                       1

So the order is by elderly first, then frail, then mobility-impaired, then migrant
(lexicographically on the four flags); equal scores are ordered by 组 (region path), then
household (persons without one last), then name, then id. A household is ordered by the
highest score among its members, then by 组 and id.

The querysets go through the scoped managers: inside a request they hold only the
caller's regions (the caller also checks the permission); system code (the benchmark)
runs them under `scopes_disabled()`.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes.manager import DisabledQuerySet

from sanwei.activities.models import Campaign
from sanwei.outreach.models import DeliveryTask, TaskStatus
from sanwei.people.models import Household, Person, RelationToHead, _years_before
from sanwei.regions.models import Region

from . import engine

# The gap list's "elderly": 70 and over. (people.models.ELDERLY_AGE, 60, is the legal
# definition used elsewhere; the 送学 priority starts later.)
GAP_ELDERLY_AGE = 70

ELDERLY70, FRAIL, MOBILITY, MIGRANT = "elderly70", "frail", "mobility", "migrant"
# flag → (score, Chinese reason)
FLAG_SCORES = {ELDERLY70: 8, FRAIL: 4, MOBILITY: 2, MIGRANT: 1}
FLAG_LABELS = {
    ELDERLY70: "70岁以上",
    FRAIL: "体弱多病",
    MOBILITY: "行动不便",
    MIGRANT: "外出流动",
}
FLAG_FIELDS = {
    FRAIL: "is_frail",
    MOBILITY: "is_mobility_impaired",
    MIGRANT: "is_migrant",
}


def elderly_cutoff(today: dt.date | None = None) -> dt.date:
    """Persons born on or before this day are GAP_ELDERLY_AGE or older on `today`."""
    return _years_before(today or timezone.localdate(), GAP_ELDERLY_AGE)


def flag_q(flag: str, today: dt.date | None = None) -> Q:
    """The persons carrying `flag`."""
    if flag == ELDERLY70:
        return Q(birth_date__lte=elderly_cutoff(today))
    return Q(**{FLAG_FIELDS[flag]: True})


def priority_expression(today: dt.date | None = None, prefix: str = "") -> ExpressionWrapper:
    """The priority score of a person (see the module docstring) as an SQL expression;
    `prefix` reaches the person through a relation (e.g. "members__")."""
    cutoff = elderly_cutoff(today)

    def bit(condition: Q, score: int) -> Case:
        return Case(When(condition, then=Value(score)), default=Value(0))

    def q(**kwargs) -> Q:
        return Q(**{f"{prefix}{k}": v for k, v in kwargs.items()})

    return ExpressionWrapper(
        bit(q(birth_date__lte=cutoff), FLAG_SCORES[ELDERLY70])
        + bit(q(is_frail=True), FLAG_SCORES[FRAIL])
        + bit(q(is_mobility_impaired=True), FLAG_SCORES[MOBILITY])
        + bit(q(is_migrant=True), FLAG_SCORES[MIGRANT]),
        output_field=IntegerField(),
    )


def reasons(person: Person, today: dt.date | None = None) -> list[str]:
    """Why `person` is hard to reach, in priority order, in Chinese (empty: no flag)."""
    found = []
    if person.birth_date and person.birth_date <= elderly_cutoff(today):
        found.append(FLAG_LABELS[ELDERLY70])
    if person.is_frail:
        found.append(FLAG_LABELS[FRAIL])
    if person.is_mobility_impaired:
        found.append(FLAG_LABELS[MOBILITY])
    if person.is_migrant:
        destination = person.migrant_destination.strip()
        found.append(
            _("外出流动：%(to)s") % {"to": destination} if destination else FLAG_LABELS[MIGRANT]
        )
    return found


def open_tasks(campaign: Campaign) -> QuerySet[DeliveryTask]:
    """The campaign's open 送学 tasks (outreach), for the gap list's `open_task` flag."""
    return DeliveryTask.unscoped.filter(campaign=campaign, status=TaskStatus.OPEN)


def _in(queryset: QuerySet, campaign: Campaign, region: Region | None) -> QuerySet:
    """The campaign's region, narrowed to `region`'s subtree when given. One prefix
    condition, the narrower of the two (two would make PostgreSQL square its estimate of
    the rows and choose a plan for a handful)."""
    root = campaign.region.path
    if region is not None:
        if region.path.startswith(root):
            root = region.path
        elif not root.startswith(region.path):
            return queryset.none()  # disjoint subtrees
    return queryset.filter(region__path__startswith=root)


class KeysFirst:
    """Mixed into a queryset's class: a slice (a page) sorts only the keys, then loads that
    page's rows with their annotations, related rows and prefetches, so the full rows of
    every unreached person are not joined and sorted to show fifty of them."""

    def __getitem__(self, k):
        if (
            not isinstance(k, slice)
            or self._result_cache is not None
            or self._iterable_class is not ModelIterable
        ):
            return super().__getitem__(k)
        keys = list(super().values_list("pk", flat=True)[k])
        rows = {row.pk: row for row in self.filter(pk__in=keys).order_by()}
        return [rows[key] for key in keys]


_KEYS_FIRST: dict[type, type] = {}


def keys_first(queryset: QuerySet) -> QuerySet:
    """`queryset` with `KeysFirst` slicing. A refusing (out-of-scope) queryset is left as
    it is: it must still refuse."""
    cls = type(queryset)
    if isinstance(queryset, KeysFirst | DisabledQuerySet):
        return queryset
    if cls not in _KEYS_FIRST:
        _KEYS_FIRST[cls] = type(f"KeysFirst{cls.__name__}", (KeysFirst, cls), {})
    clone = queryset._chain()
    clone.__class__ = _KEYS_FIRST[cls]
    return clone


def gap_persons(
    campaign: Campaign,
    region: Region | None = None,
    *,
    today: dt.date | None = None,
    period: engine.Period | None = None,
) -> QuerySet[Person]:
    """The persons of the campaign's region (or of `region` within it) the campaign has
    not reached, hardest first; each annotated with `priority` (the score), `elderly70`
    and `open_task` (an open 送学 task of the campaign), with region, its parent and
    household loaded."""
    people = _in(Person.objects.all(), campaign, region)
    return keys_first(
        people.filter(~engine.reached_flag(campaign, period))
        .annotate(
            priority=priority_expression(today),
            open_task=Exists(open_tasks(campaign).filter(person_id=OuterRef("pk"))),
            elderly70=ExpressionWrapper(
                Q(birth_date__lte=elderly_cutoff(today)), output_field=BooleanField()
            ),
        )
        .select_related("region__parent", "household")
        .order_by("-priority", "region__path", F("household_id").asc(nulls_last=True), "name", "id")
    )


def _head_first() -> Case:
    return Case(
        When(relation_to_head=RelationToHead.HEAD, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


def gap_households(
    campaign: Campaign,
    region: Region | None = None,
    *,
    today: dt.date | None = None,
    period: engine.Period | None = None,
) -> QuerySet[Household]:
    """The households of the campaign's region (or `region`) with members, none of them
    reached; each annotated with `priority` (its members' highest score) and `open_task`
    (a member has an open 送学 task of the campaign), members prefetched head first (with
    `priority`), hardest first."""
    members = Person.objects.filter(household_id=OuterRef("pk"))
    top = members.annotate(p=priority_expression(today)).order_by("-p").values("p")[:1]
    shown_members = (
        Person.objects.select_related("region")
        .annotate(priority=priority_expression(today), head_first=_head_first())
        .order_by("head_first", "name", "id")
    )
    households = _in(Household.objects.all(), campaign, region)
    return keys_first(
        households.filter(Exists(members), ~engine.household_reached_flag(campaign, period))
        .annotate(
            priority=Subquery(top, output_field=IntegerField()),
            open_task=Exists(open_tasks(campaign).filter(person__household_id=OuterRef("pk"))),
        )
        .select_related("region__parent")
        .prefetch_related(Prefetch("members", queryset=shown_members))
        .order_by("-priority", "region__path", "id")
    )


def household_reasons(household: Household, today: dt.date | None = None) -> list[str]:
    """The distinct reasons of the household's members, in priority order (members
    prefetched)."""
    seen: dict[str, None] = {}
    for member in household.members.all():
        for reason in reasons(member, today):
            seen.setdefault(reason)
    return list(seen)


def head_name() -> Subquery:
    """The name of a person's household head, to annotate a Person queryset."""
    heads = Person.objects.filter(
        household_id=OuterRef("household_id"), relation_to_head=RelationToHead.HEAD
    )
    return Subquery(heads.values("name")[:1])
