"""Rules for people and households: one place each.

- a person is written one way: `prepare_person` validates and derives the stored fields
  (encrypted ID number, its keyed hash, birth date and gender from it, normalised phone,
  search key) for every writer — `save_person` (pages, API), the roster import and the
  demo builder (the last two then write in bulk);
- a duplicate ID number is refused naming the existing person, masked, when the caller
  may see them (`duplicate_message`); otherwise it is no oracle: the person is saved as
  for a number registered nowhere, without the unique hash, and the conflict is logged
  for the town office (`_log_id_conflict`);
- a household keeps at most one head, and is not deleted while it has members;
- revealing one personal field is an explicit, logged action (`reveal_field`).

Pages, the API, the import and commands call these same functions. Every write takes
`user=` and checks it here (`rules.py`): None and anonymous users are refused with
NotPermitted, the system passes `accounts.permissions.SYSTEM`. The region scope is the
request middleware's.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from django.db import IntegrityError, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import SYSTEM, require_that, user_scope
from sanwei.core import crypto
from sanwei.core.audit import field_changes, field_values
from sanwei.core.db import violated_constraint
from sanwei.core.errors import ServiceError
from sanwei.core.models import user_or_none
from sanwei.core.search import normalise_query, search_key
from sanwei.regions.models import Region, RegionLevel

from . import rules
from .models import ConflictSource, ConflictStatus, Household, IdConflict, Person, RelationToHead
from .permissions import CHANGE_PEOPLE, REVEAL_PERSONAL
from .privacy import AUDIT_MASKS, search_query_for_log, sensitive_only
from .privacy import masked_id as masked_id
from .privacy import masked_landline as masked_landline
from .privacy import masked_phone as masked_phone
from .validation import (
    IdNumberError,
    PhoneError,
    cross_check_id,
    mask_id_number,
    normalize_landline,
    normalize_phone,
    parse_id_number,
)


def id_hash(number: str) -> str:
    return crypto.keyed_hash(number)


def id_hasher() -> Callable[[str], str]:
    """`id_hash` (and `phone_hash`: the same keyed hash) for many values in a row."""
    return crypto.keyed_hasher()


def person_with_id(number: str) -> Person | None:
    """Any person with this ID number, in any region (the rule is per deployment)."""
    return Person.unscoped.filter(id_number_hash=id_hash(number)).first()


def has_id_number() -> ExpressionWrapper:
    """Whether a person has an ID number stored, hashed or not (`_log_id_conflict`)."""
    return ExpressionWrapper(~Q(id_number_encrypted=""), output_field=BooleanField())


def may_identify(user, region: Region) -> bool:
    """May `user` be told who is registered in `region` (name, region, masked ID number)?
    Only inside the user's own scope; a superuser and the system everywhere; nobody without
    a user. Else an ID-number check would enumerate the people of other villages."""
    if user is SYSTEM:
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user_scope(user).contains(region.path)


def registered_elsewhere_message() -> str:
    return _("该身份证号码已在其他地方登记，请联系乡镇办公室核实")


def duplicate_message(existing: Person, *, user) -> str:
    """Why an ID number is refused as taken: naming its holder only when `may_identify`."""
    if not may_identify(user, existing.region):
        return registered_elsewhere_message()
    return _("该身份证号码已登记：%(name)s（%(region)s，%(id_number)s）") % {
        "name": existing.name,
        "region": existing.region.name,
        "id_number": mask_id_number(existing.id_number),
    }


class CheckedId(NamedTuple):
    """An ID number `parse_id_number` accepted, what it gives, and its keyed hash
    (`id_hash`), from a writer that already cross-checked it with the birth date and
    gender it was given: the roster import's preview. `prepare_person` then does not
    check it again, it only stores it (encrypted, hashed) and fills birth date and
    gender from it, as for a number it checks itself."""

    number: str
    hash: str
    birth_date: date
    gender: str


def prepare_person(
    person: Person,
    *,
    id_number: str | CheckedId | None,
    check_unique: bool = False,
    user=None,
    today: date | None = None,
) -> Person:
    """Derive what a person row stores from what was entered; every writer of a person
    (form, API, roster import, demo builder) calls this, then saves or writes in bulk.

    - `id_number` None keeps the stored number, "" removes it; a `CheckedId` is stored
      without checking it again (bulk writers that checked it already); otherwise it is validated,
      cross-checked with the birth date and gender given (and fills them when blank),
      stored encrypted (`id_number_encrypted`) and as its keyed hash (`id_number_hash`,
      which finds it and keeps it unique); with `check_unique`, a number registered to
      another person is refused, named only if `user` may see them (one query; bulk
      writers match numbers in bulk instead);
    - the phone is normalised to its 11 digits, the landline to "0744-1234567";
    - the search key (`search_text`) is rebuilt from the name.

    Reads no database unless `check_unique`. Raises ServiceError with `field` on bad
    input, in the order the fields are checked here. `today` (default: the local date)
    bounds the birth date; a bulk writer passes it once.
    """
    if isinstance(id_number, CheckedId):
        _store_id(person, id_number)
    elif id_number is not None:
        _set_id_number(person, id_number.strip(), check_unique, user, today)
    person.phone = clean_phone(person.phone)
    person.landline = clean_landline(person.landline)
    person.search_text = person_search_key(person.name)
    return person


def _set_id_number(person: Person, raw: str, check_unique: bool, user, today: date | None) -> None:
    if not raw:
        person.id_number_encrypted = ""
        person.id_number_hash = None
        return
    try:
        info = parse_id_number(raw, today=today or timezone.localdate())
    except IdNumberError as e:
        raise ServiceError(e.code, e.message, field="id_number") from e
    holder = None
    if check_unique:
        existing = person_with_id(info.number)
        if existing is not None and existing.pk != person.pk:
            if may_identify(user, existing.region):
                raise ServiceError(
                    "id_duplicate", duplicate_message(existing, user=user), field="id_number"
                )
            holder = existing
    problems = cross_check_id(info, person.birth_date, person.gender or None)
    if problems:
        raise ServiceError("id_mismatch", "；".join(problems), field="id_number")
    _store_id(person, CheckedId(info.number, id_hash(info.number), info.birth_date, info.gender))
    if holder is not None:
        # No oracle: taken as entered, without the hash that keeps numbers unique, and
        # left for the town office to reconcile (`save_person` logs the conflict).
        person.id_number_hash = None
        person._id_held_by = holder


def _store_id(person: Person, checked: CheckedId) -> None:
    person.birth_date = person.birth_date or checked.birth_date
    person.gender = person.gender or checked.gender
    person.id_number_encrypted = crypto.encrypt(checked.number)
    person.id_number_hash = checked.hash or None  # "": stored unhashed (`_log_id_conflict`)


# The columns the `Person.phone` setter writes.
PHONE_COLUMNS = frozenset({"phone_encrypted", "phone_hash", "phone_tail"})


def phone_hash(phone: str) -> str:
    """The keyed hash a normalised mobile number is matched by (`Person.phone_hash`)."""
    return crypto.keyed_hash(phone)


def people_with_phone(queryset: QuerySet[Person], phone: str) -> QuerySet[Person]:
    """The people of `queryset` whose mobile is exactly `phone` (normalised, 11 digits)."""
    return queryset.filter(phone_hash=phone_hash(phone)) if phone else queryset.none()


def prepared_values(values: dict[str, Any], *, id_number: CheckedId | None) -> dict[str, Any]:
    """`prepare_person` for a new person given as its field values (attname → value), without
    building a model instance: the same stored values, for bulk writers that copy rows
    straight into the table (the roster import's COPY; a `Person` costs more than all of
    this). `id_number` was checked already (`CheckedId`), or None for none. Updates and
    returns `values`; `prepared_values_many` does many at once, faster."""
    return prepared_values_many([(values, id_number)])[0]


def prepared_values_many(
    rows: Sequence[tuple[dict[str, Any], CheckedId | None]],
) -> list[dict[str, Any]]:
    """`prepared_values` of each (values, id_number) of `rows`, with the encryption and
    the keyed hashes done in bulk (`crypto.encrypt_many`, `crypto.keyed_hasher`): the
    same stored values. Updates and returns the dicts, in order."""
    secret: list[str] = []  # every value encrypted here, in order
    phone_of: list[tuple[str, str]] = []
    for values, id_number in rows:
        if id_number is not None:
            values["birth_date"] = values.get("birth_date") or id_number.birth_date
            values["gender"] = values.get("gender") or id_number.gender
            values["id_number_hash"] = id_number.hash or None
            secret.append(id_number.number)
        # Phones are stored encrypted, the mobile with its tail and keyed hash (`Person.phone`).
        phone = clean_phone(values.pop("phone", ""))
        landline = clean_landline(values.pop("landline", ""))
        if phone:
            secret.append(phone)
        if landline:
            secret.append(landline)
        phone_of.append((phone, landline))
        values["search_text"] = person_search_key(values["name"])
    tokens = iter(crypto.encrypt_many(secret)) if secret else iter(())
    hasher = crypto.keyed_hasher()
    for (values, id_number), (phone, landline) in zip(rows, phone_of, strict=True):
        if id_number is not None:
            values["id_number_encrypted"] = next(tokens)
        values["phone_encrypted"] = next(tokens) if phone else ""
        values["phone_tail"] = phone[-4:]
        values["phone_hash"] = hasher(phone) if phone else None
        values["landline_encrypted"] = next(tokens) if landline else ""
    return [values for values, _id_number in rows]


def reencrypt_person(person: Person) -> None:
    """The key rotation's rewrite of one person (`people.keys`), under
    `crypto.using_keys(new, [old])`: each encrypted field decrypted with either key and
    encrypted with the new one, the keyed hashes recomputed (an ID number stored unhashed,
    an ID conflict, stays unhashed)."""
    if person.id_number_encrypted:
        number = crypto.decrypt(person.id_number_encrypted)
        person.id_number_encrypted = crypto.encrypt(number)
        if person.id_number_hash:
            person.id_number_hash = id_hash(number)
    if person.phone_encrypted:
        phone = crypto.decrypt(person.phone_encrypted)
        person.phone_encrypted = crypto.encrypt(phone)
        person.phone_hash = phone_hash(phone)
    if person.landline_encrypted:
        person.landline_encrypted = crypto.encrypt(crypto.decrypt(person.landline_encrypted))


def prepared_fields(given: Collection[str]) -> list[str]:
    """The columns a bulk update writes after `prepare_person` on a person of which only
    the fields `given` were set ("id_number" for a new number): those, and what
    `prepare_person` derives from them."""
    fields = {name for name in given if name not in {"id_number", "phone", "landline"}}
    if "id_number" in given:
        fields |= {"id_number_encrypted", "id_number_hash", "birth_date", "gender"}
    if "phone" in given:
        fields |= PHONE_COLUMNS
    if "landline" in given:
        fields.add("landline_encrypted")
    if "name" in fields:
        fields.add("search_text")
    return sorted(fields)


@lru_cache(maxsize=32768)
def person_search_key(name: str) -> str:
    """`search_text` for a name (cached: rosters repeat names, and pinyin is slow)."""
    return search_key(name)


def check_stored_id(person: Person) -> None:
    """On edit without a new ID number: a changed birth date or gender must still agree
    with the stored number."""
    if not person.pk or not person.id_number_encrypted:
        return
    stored = Person.unscoped.filter(pk=person.pk).values_list("birth_date", "gender").first()
    if stored is None or stored == (person.birth_date, person.gender):
        return
    try:
        info = parse_id_number(person.id_number, today=timezone.localdate())
    except IdNumberError:
        return  # a stored number that no longer parses is not this edit's problem
    for field, problems in (
        ("birth_date", cross_check_id(info, person.birth_date, None)),
        ("gender", cross_check_id(info, None, person.gender or None)),
    ):
        if problems:
            raise ServiceError("id_mismatch", "；".join(problems), field=field)


def clean_phone(raw: str) -> str:
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        return normalize_phone(raw)
    except PhoneError as e:
        raise ServiceError(e.code, e.message, field="phone") from e


def clean_landline(raw: str) -> str:
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        return normalize_landline(raw)
    except PhoneError as e:
        raise ServiceError(e.code, e.message, field="landline") from e


def check_household(person: Person) -> None:
    if person.household_id is None:
        if person.relation_to_head:
            raise ServiceError(
                "relation_without_household",
                _("未选择户，不能填写与户主关系"),
                field="relation_to_head",
            )
        return
    # Lock the household so two heads cannot be set at once.
    household = (
        Household.unscoped.select_for_update(of=("self",))
        .select_related("region")
        .get(pk=person.household_id)
    )
    if not person.region.path.startswith(household.region.path[:12]):
        raise ServiceError(
            "household_other_village", _("所选的户不在该群众所在的村（社区）"), field="household"
        )
    if person.relation_to_head == RelationToHead.HEAD:
        other_head = (
            Person.unscoped.filter(
                household_id=person.household_id, relation_to_head=RelationToHead.HEAD
            )
            .exclude(pk=person.pk)
            .first()
        )
        if other_head is not None:
            raise ServiceError(
                "household_has_head",
                _("该户已有户主：%(name)s") % {"name": other_head.name},
                field="relation_to_head",
            )


@transaction.atomic
def save_person(person: Person, *, id_number: str | None = None, user=None) -> Person:
    """Validate and save a person; `id_number` None leaves the stored number unchanged.

    Raises ServiceError with `field` set for the form; nothing is saved on error.
    """
    require_that(rules.may_change_person(user, person), CHANGE_PEOPLE)
    created = person.pk is None
    before = None if created else _person_audit_values(Person.unscoped.get(pk=person.pk))
    if id_number is None:
        check_stored_id(person)
    prepare_person(person, id_number=id_number, check_unique=True, user=user)
    if person.party_status == "" and person.party_joined_on:
        raise ServiceError(
            "party_date_without_membership", _("非党员不能填写入党时间"), field="party_joined_on"
        )
    check_household(person)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as e:
        constraint = violated_constraint(e)
        if constraint == "one_head_per_household":
            raise ServiceError(
                "household_has_head", _("该户已有户主"), field="relation_to_head"
            ) from e
        if constraint == "unique_person_id_number":
            existing = person_with_id(person.id_number)
            raise ServiceError(
                "id_duplicate",
                duplicate_message(existing, user=user) if existing else _("该身份证号码已登记"),
                field="id_number",
            ) from e
        raise
    data = {"name": person.name, "region": person.region.code}
    if before is not None:
        data["changes"] = field_changes(before, _person_audit_values(person), AUDIT_MASKS)
    person.log_action(
        "sanwei.person.created" if created else "sanwei.person.changed", user=user, data=data
    )
    holder = getattr(person, "_id_held_by", None)
    if holder is not None:
        _log_id_conflict(person, holder, user=user)
    return person


def _log_id_conflict(person: Person, holder: Person, *, user) -> None:
    """Record, for the town office, that `person` was given the ID number of `holder` (a
    person the writer may not see): the writer is told nothing, the two are reconciled by
    someone who sees both (`sanwei.person.id_conflict` in the audit log, and an open
    `IdConflict` on the town office's page)."""
    record_id_conflicts([(person.pk, holder.pk)], source=ConflictSource.FORM, user=user)


def record_id_conflicts(
    pairs: list[tuple[int, int]], *, source: str, user, import_job_id: int | None = None
) -> list[IdConflict]:
    """Open an `IdConflict` for each (person pk, holder pk) not already open, and log each
    (`sanwei.person.id_conflict`). Called by the writers that stored the person
    (`save_person`, the roster import's commit): `user` must be allowed to change them."""
    opened = []
    people = Person.unscoped.select_related("region").in_bulk({pk for pair in pairs for pk in pair})
    for person_pk, holder_pk in pairs:
        person, holder = people[person_pk], people[holder_pk]
        require_that(rules.may_change_person(user, person), CHANGE_PEOPLE)
        conflict, created = IdConflict.unscoped.get_or_create(
            person=person,
            holder=holder,
            status=ConflictStatus.OPEN,
            defaults={
                "source": source,
                "import_job_id": import_job_id,
                "created_by": user_or_none(user),
            },
        )
        if created:
            opened.append(conflict)
        person.log_action(
            "sanwei.person.id_conflict",
            user=user,
            data={
                "person": person.pk,
                "region": person.region.code,
                "holder": holder.pk,
                "holder_region": holder.region.code,
                "conflict": conflict.pk,
            },
        )
    return opened


# Derived or bookkeeping columns a change of a person is not recorded by.
_NOT_AUDITED = frozenset(
    {"id", "id_number_encrypted", "id_number_hash", "search_text", "phone_encrypted",
     "phone_hash", "phone_tail", "landline_encrypted", "created_at", "updated_at"}
)  # fmt: skip


def _person_audit_values(person: Person) -> dict:
    """The values a change of `person` is recorded by (the ID number in clear; the log
    masks it through AUDIT_MASKS)."""
    names = [f.name for f in Person._meta.concrete_fields if f.name not in _NOT_AUDITED]
    values = field_values(person, names)
    values["id_number"] = person.id_number if person.id_number_encrypted else ""
    values["phone"] = person.phone
    values["landline"] = person.landline
    return values


PHONE_TAIL_DIGITS = 4


def search_people(queryset, query: str, *, user):
    """Filter by name, full pinyin, pinyin initials (or a mix), traditional characters, or
    a phone's last digits. Both are indexed lookups: `search_text` (see
    sanwei.core.search; a trigram index on PostgreSQL) and `phone_tail` (phones themselves
    are stored encrypted).

    Digits match phones by their last four, which the masked phone shows anyway. A longer
    tail (5 to 11 digits) matches only people `user` may see unmasked: elsewhere adding
    one guessed digit at a time would recover the hidden middle of the number."""
    q = normalise_query(query)
    if not q:
        return queryset
    log_people_searched(query, user=user)
    if q.isdigit():
        if len(q) < PHONE_TAIL_DIGITS:
            return queryset.none()
        matches = queryset.filter(phone_tail=q[-PHONE_TAIL_DIGITS:])
        if len(q) == PHONE_TAIL_DIGITS:
            return matches
        allowed = sensitive_only(matches, user)
        if len(q) == 11:
            return allowed.filter(phone_hash=phone_hash(q))
        # Phones are encrypted: the few people sharing the last four digits are decrypted.
        tails = Person.unscoped.filter(pk__in=allowed.values("pk"))
        found = [p.pk for p in tails.only("pk", "phone_encrypted") if p.phone.endswith(q)]
        return allowed.filter(pk__in=found)
    # Match on the search column alone, then join: the planner scans the (covering, or on
    # PostgreSQL trigram) search_text index first instead of walking each region's rows.
    # The caller's queryset keeps its region scope.
    matches = Person.unscoped.filter(search_text__contains=q).values("pk")
    return queryset.filter(pk__in=matches)


def search_households(queryset: QuerySet[Household], query: str, *, user) -> QuerySet[Household]:
    """Households whose head matches the person search (name, pinyin, phone tail)."""
    if not normalise_query(query):
        return queryset
    heads = search_people(
        Person.unscoped.filter(relation_to_head=RelationToHead.HEAD), query, user=user
    ).values("household_id")
    return queryset.filter(pk__in=heads)


PERSON_REGION_LEVELS = (RegionLevel.VILLAGE, RegionLevel.GROUP)


def person_regions(user, *, include: Region | None = None) -> QuerySet[Region]:
    """Villages and groups in the active scope where `user` may change people.

    Call inside a request (the region scope must be active). `include` adds the
    object's current region, e.g. on edit when it is not a village or group.
    """
    from sanwei.regions.services import regions_with_permission

    allowed = regions_with_permission(user, CHANGE_PEOPLE)
    chosen = Q(level__in=PERSON_REGION_LEVELS)
    if include is not None:
        chosen |= Q(pk=include.pk)
    return allowed.filter(chosen).select_related("parent")


@transaction.atomic
def save_household(household: Household, *, user=None) -> Household:
    """Save a household; moving it to another village is refused while members live
    in the old one."""
    require_that(rules.may_change_household(user, household), CHANGE_PEOPLE)
    created = household.pk is None
    fields = ("region", "number", "address")
    before = None if created else field_values(Household.unscoped.get(pk=household.pk), fields)
    if not created:
        village = household.region.path[:12]
        strays = [
            m.name
            for m in Person.unscoped.select_for_update(of=("self",))
            .filter(household_id=household.pk)
            .select_related("region")
            if not m.region.path.startswith(village)
        ]
        if strays:
            raise ServiceError(
                "household_other_village",
                _("该户成员（%(names)s）不在所选的村（社区），请先调整成员")
                % {"names": "、".join(strays[:5])},
                field="region",
            )
    household.save()
    data = {"number": household.number, "region": household.region.code}
    if before is not None:
        data["changes"] = field_changes(before, field_values(household, fields))
    household.log_action(
        "sanwei.household.created" if created else "sanwei.household.changed",
        user=user,
        data=data,
    )
    return household


@transaction.atomic
def delete_household(household: Household, *, user=None) -> None:
    """Delete an empty household; one with members is refused (they would lose it)."""
    require_that(rules.may_change_household(user, household), CHANGE_PEOPLE)
    list(Household.unscoped.select_for_update(of=("self",)).filter(pk=household.pk))
    members = Person.unscoped.filter(household_id=household.pk).count()
    if members:
        raise ServiceError(
            "household_in_use",
            _(
                "该户还有%(members)s名成员，删除后他们将没有所属的户。"
                "请先将成员移到其他户或删除成员，再删除该户"
            )
            % {"members": members},
        )
    household.delete_logged(
        "sanwei.household.deleted",
        user=user,
        data={"number": household.number},
        in_use_code="household_in_use",
        in_use_message=_("该户已被其他记录引用，不能删除"),
    )


def delete_person(person: Person, *, user=None) -> None:
    require_that(rules.may_change_person(user, person), CHANGE_PEOPLE)
    person.delete_logged(
        "sanwei.person.deleted",
        user=user,
        data={"name": person.name},
        in_use_code="person_in_use",
        in_use_message=_("“%(name)s”已有参与记录或队伍成员身份，不能删除") % {"name": person.name},
    )


def log_person_viewed(person: Person, *, user) -> None:
    """A read of one person's record (the detail page, the API's one person) is logged."""
    person.log_action("sanwei.person.viewed", user=user)


# A search is logged once per settled query (`log_people_searched`).
SEARCH_LOG_MIN_CHARS = 2
SEARCH_LOG_WINDOW = timedelta(minutes=1)


def log_people_searched(query: str, *, user) -> None:
    """A search of the roster (every caller of `search_people`: lists, pickers, the API)
    is logged with its text masked (digits: the last four) under the searching account's
    region; an empty query is a plain list, not logged.

    Logged once per settled query, not per keystroke: live search sends a request at each
    pause in typing, and paging, "load more" and the pickers send the same text again.
    - A query shorter than SEARCH_LOG_MIN_CHARS (normalised) is not logged: one character
      (a surname) narrows the roster no more than the plain list the same user sees without
      a query, which is not logged either; one to three digits match no phone at all.
    - The same (masked) text by the same account within SEARCH_LOG_WINDOW is logged once:
      the record says who looked for what, and the repeats add nothing to it; a minute
      later it is a new look. Typing on ("张三" → "张三丰") is a new text and is logged:
      each settled step did show its own matches."""
    from sanwei.accounts.services import user_region_path
    from sanwei.core.models import ActionLog, log_event

    normalised = normalise_query(query)
    if len(normalised) < SEARCH_LOG_MIN_CHARS or not getattr(user, "is_authenticated", False):
        return
    data = {"query": search_query_for_log(query)}
    recent = ActionLog.objects.filter(
        user=user,
        action_type="sanwei.person.searched",
        created_at__gte=timezone.now() - SEARCH_LOG_WINDOW,
        data__query=data["query"],
    )
    if recent.exists():
        return
    log_event("sanwei.person.searched", user=user, region_path=user_region_path(user), data=data)


# The fields a reveal shows, one at a time (`reveal_field`).
REVEALABLE_FIELDS = ("id_number", "phone", "landline")


def reveal_field(person: Person, field: str, *, user) -> str:
    """One full personal field of one person ("" when none is stored), for one look. The
    look is logged: who (the log's user), whom (its object), which field — never the value.

    Refused (NotPermitted) without REVEAL_PERSONAL on the person's region; a field other
    than the ID number, phone or landline is a ServiceError."""
    require_that(rules.may_see_unmasked(user, person), REVEAL_PERSONAL)
    if field not in REVEALABLE_FIELDS:
        raise ServiceError(
            "unknown_field", _("只能查看身份证号码、手机号码或固定电话"), field="field"
        )
    person.log_action(
        "sanwei.person.sensitive_viewed",
        user=user,
        data={"fields": [field], "region": person.region.code},
    )
    return getattr(person, field)


# ------------------------------------------------------------------ erasure (PIPL)

ANONYMISED_NAME = "已注销"

# What anonymising clears (to these values); what it keeps — region, household, relation
# to the head, gender, party status, lecturer category, attendance — is what the figures
# count by, so every coverage and activity figure stays the same.
_ANONYMISED_VALUES = {
    "name": ANONYMISED_NAME,
    "id_number_encrypted": "",
    "id_number_hash": None,
    "birth_date": None,
    "ethnicity": "",
    "phone": "",
    "landline": "",
    "party_joined_on": None,
    "party_branch": "",
    "is_frail": False,
    "is_mobility_impaired": False,
    "migrant_destination": "",
    "cadre_post": "",
    "skills": "",
    "notes": "",
}


def _locked_person(person: Person) -> Person:
    return (
        Person.unscoped.select_for_update(of=("self",)).select_related("region").get(pk=person.pk)
    )


@transaction.atomic
def anonymise_person(person: Person, *, user) -> Person:
    """Erase a person's identity on request and keep the record: the name becomes 已注销,
    the ID number, birth date, phones, health flags and free text are cleared, and the
    unverified check-ins matched to them lose the name and phone they were typed with.
    Region, household, party status and attendance stay, so no figure changes. Logged
    (which fields were cleared, never their values)."""
    require_that(rules.may_change_person(user, person), CHANGE_PEOPLE)
    stored = _locked_person(person)
    cleared = sorted(
        name for name, value in _ANONYMISED_VALUES.items() if getattr(stored, name) != value
    )
    for name, value in _ANONYMISED_VALUES.items():
        setattr(stored, name, value)
    stored.search_text = person_search_key(ANONYMISED_NAME)
    stored.save()
    checkins = stored.unverified_checkins.update(
        name=ANONYMISED_NAME, phone_encrypted="", phone_hash=""
    )
    stored.log_action(
        "sanwei.person.anonymised",
        user=user,
        data={"cleared": cleared, "unverified_checkins": checkins},
        values=False,  # the log keeps which fields were cleared, never what they held
    )
    person.refresh_from_db()
    return stored


@transaction.atomic
def erase_person(person: Person, *, user) -> dict[str, int]:
    """Delete a person on request. Each time they attended as audience is kept as one
    more unnamed head (`Activity.audience_headcount`), so the person-times (人次) stay;
    the person no longer counts among the registered residents or the reached. Refused
    (nothing changed) when other records name them — a team membership, a delivery task,
    an opinion, a need, a sign-up, a part other than audience: anonymise them instead."""
    from django.db.models import F

    from sanwei.activities.models import Activity, Attendance, AttendanceRole

    require_that(rules.may_change_person(user, person), CHANGE_PEOPLE)
    stored = _locked_person(person)
    folded = 0
    attendances = Attendance.unscoped.select_for_update().filter(
        person_id=stored.pk, role=AttendanceRole.AUDIENCE
    )
    for activity_id in list(attendances.values_list("activity_id", flat=True)):
        Activity.unscoped.filter(pk=activity_id).update(
            audience_headcount=F("audience_headcount") + 1
        )
        folded += 1
    attendances.delete()
    region_code = stored.region.code
    stored.delete_logged(
        "sanwei.person.erased",
        user=user,
        data={"region": region_code, "attendances_folded": folded},
        in_use_code="person_in_use",
        in_use_message=_("该群众还有其他记录（%(kinds)s），不能删除；请改用匿名化（--anonymise）"),
    )
    return {"attendances_folded": folded}
