"""Demo data of the action log (操作日志, the town admin's page): the demo secretary opens a
resident's page, searches the roster and corrects a phone number (recorded before and
after, masked), and one resident of the last village who asked to be forgotten has been
anonymised (已注销), every figure kept. And one ID-number conflict for the town office's page
(身份证号冲突): a woman of the second village who married into a household of the first
(儿媳) is registered there by its secretary with her ID number, which the second village still lists; the
secretary is told nothing (no oracle), the town admin sees both sides to reconcile."""

from __future__ import annotations

from sanwei.accounts.permissions import SYSTEM
from sanwei.people import services as people
from sanwei.people.models import Household, Person, RelationToHead
from sanwei.regions.models import Region

from .pillars import DemoContext


def build(ctx: DemoContext) -> dict[str, int]:
    from .builder import FIRST_VILLAGE_CODE

    secretary = ctx.users["secretary"]
    first = next((v for v in ctx.villages if v.code == FIRST_VILLAGE_CODE), ctx.villages[0])
    regions = set(Region.unscoped.filter(path__startswith=first.path).values_list("pk", flat=True))
    own = [p for p in ctx.persons if p.region_id in regions and p.phone]
    made = 0
    if own:
        person = Person.unscoped.get(pk=ctx.rng.choice(own).pk)
        people.log_person_viewed(person, user=secretary)
        people.log_people_searched(person.name[:1], user=secretary)
        person.phone = "139" + "".join(str(ctx.rng.randrange(10)) for _ in range(8))
        people.save_person(person, user=secretary)
        made += 3
    last = ctx.villages[-1]
    lonely = (
        Person.unscoped.filter(region__path__startswith=last.path, memberships__isnull=True)
        .exclude(name=people.ANONYMISED_NAME)
        .order_by("-id")
        .first()
    )
    anonymised = 0
    if lonely is not None and last != first:
        people.anonymise_person(lonely, user=SYSTEM)
        anonymised = 1
    conflicts = _id_conflict(ctx, first, secretary)
    return {"操作日志示例": made, "依申请匿名化的群众": anonymised, "身份证号冲突": conflicts}


def _id_conflict(ctx: DemoContext, first: Region, secretary) -> int:
    from .builder import SECOND_VILLAGE_CODE

    second = next((v for v in ctx.villages if v.code == SECOND_VILLAGE_CODE), None)
    households = list(Household.unscoped.filter(region__path__startswith=first.path).order_by("pk"))
    if second is None or second == first or not households:
        return 0
    residents = Person.unscoped.filter(
        region__path__startswith=second.path, id_number_hash__isnull=False
    ).order_by("pk")
    # a woman of marrying age if the village has one (a small demo may not)
    women = list(residents.filter(gender="F", birth_date__year__range=(1975, 2004)))
    candidates = women or list(residents)
    if not candidates:
        return 0
    holder = ctx.rng.choice(candidates)
    household = ctx.rng.choice(households)
    person = Person(
        region=household.region,
        household=household,
        relation_to_head=RelationToHead.CHILD_IN_LAW,
        name=holder.name,
        gender=holder.gender,
        birth_date=holder.birth_date,
        ethnicity=holder.ethnicity,
    )
    people.save_person(person, id_number=holder.id_number, user=secretary)
    return 1
