"""Rules for people and households: one place each.

- an ID number is validated, cross-checked, encrypted and hashed here (`apply_id_number`);
- a duplicate ID number is refused naming the existing person, masked;
- the search key is rebuilt on every save (`save_person`).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from sanwei.core import crypto
from sanwei.core.errors import ServiceError
from sanwei.core.search import normalise_query, search_key

from .models import Household, Person, RelationToHead
from .validation import (
    IdNumberError,
    PhoneError,
    cross_check_id,
    mask_id_number,
    mask_phone,
    normalize_phone,
    parse_id_number,
)


def id_hash(number: str) -> str:
    return crypto.keyed_hash(number)


def person_with_id(number: str) -> Person | None:
    """Any person with this ID number, in any region (the rule is per deployment)."""
    return Person.all_people.filter(id_number_hash=id_hash(number)).first()


def duplicate_message(existing: Person) -> str:
    return f"该身份证号码已登记：{existing.name}（{existing.region.name}，{mask_id_number(existing.id_number)}）"


def apply_id_number(person: Person, raw: str) -> list[str]:
    """Set the person's ID number from user input; derive or cross-check birth date and
    gender. Returns warnings; raises ServiceError(field="id_number") when invalid or taken."""
    raw = (raw or "").strip()
    if not raw:
        person.id_number_encrypted = ""
        person.id_number_hash = None
        return []
    try:
        info = parse_id_number(raw, today=timezone.localdate())
    except IdNumberError as e:
        raise ServiceError(e.code, e.message, field="id_number") from e
    existing = person_with_id(info.number)
    if existing is not None and existing.pk != person.pk:
        raise ServiceError("id_duplicate", duplicate_message(existing), field="id_number")
    problems = cross_check_id(info, person.birth_date, person.gender or None)
    if problems:
        raise ServiceError("id_mismatch", "；".join(problems), field="id_number")
    person.birth_date = person.birth_date or info.birth_date
    person.gender = person.gender or info.gender
    person.id_number_encrypted = crypto.encrypt(info.number)
    person.id_number_hash = id_hash(info.number)
    return []


def clean_phone(raw: str) -> str:
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        return normalize_phone(raw)
    except PhoneError as e:
        raise ServiceError(e.code, e.message, field="phone") from e


def masked_id(person: Person) -> str:
    return mask_id_number(person.id_number) if person.id_number_encrypted else ""


def masked_phone(person: Person) -> str:
    return mask_phone(person.phone) if person.phone else ""


def check_household(person: Person) -> None:
    if person.household_id is None:
        if person.relation_to_head:
            raise ServiceError(
                "relation_without_household",
                "未选择户，不能填写与户主关系",
                field="relation_to_head",
            )
        return
    household = Household.all_households.select_related("region").get(pk=person.household_id)
    if not person.region.path.startswith(household.region.path[:12]):
        raise ServiceError(
            "household_other_village", "所选的户不在该群众所在的村（社区）", field="household"
        )
    if person.relation_to_head == RelationToHead.HEAD:
        other_head = (
            Person.all_people.filter(
                household_id=person.household_id, relation_to_head=RelationToHead.HEAD
            )
            .exclude(pk=person.pk)
            .first()
        )
        if other_head is not None:
            raise ServiceError(
                "household_has_head", f"该户已有户主：{other_head.name}", field="relation_to_head"
            )


@transaction.atomic
def save_person(person: Person, *, id_number: str | None = None, user=None) -> Person:
    """Validate and save a person; `id_number` None leaves the stored number unchanged.

    Raises ServiceError with `field` set for the form; nothing is saved on error.
    """
    created = person.pk is None
    if id_number is not None:
        apply_id_number(person, id_number)
    person.phone = clean_phone(person.phone)
    if person.party_status == "" and person.party_joined_on:
        raise ServiceError(
            "party_date_without_membership", "非党员不能填写入党时间", field="party_joined_on"
        )
    check_household(person)
    person.search_text = search_key(person.name)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as e:
        if (person.id_number_hash and "id_number" in str(e).lower()) or "unique_person" in str(e):
            existing = person_with_id(person.id_number)
            raise ServiceError(
                "id_duplicate",
                duplicate_message(existing) if existing else "该身份证号码已登记",
                field="id_number",
            ) from e
        raise
    person.log_action(
        "sanwei.person.created" if created else "sanwei.person.changed",
        user=user,
        data={"name": person.name, "region": person.region.code},
    )
    return person


def search_people(queryset, query: str):
    """Filter by name, full pinyin, pinyin initials, traditional characters or phone tail."""
    q = normalise_query(query)
    if not q:
        return queryset
    if q.isdigit():
        if len(q) >= 4:
            return queryset.filter(phone__endswith=q)
        return queryset.none()
    return queryset.filter(search_text__contains=q)


@transaction.atomic
def save_household(household: Household, *, user=None) -> Household:
    created = household.pk is None
    household.save()
    household.log_action(
        "sanwei.household.created" if created else "sanwei.household.changed",
        user=user,
        data={"number": household.number, "region": household.region.code},
    )
    return household


def delete_person(person: Person, *, user=None) -> None:
    from django.db.models import ProtectedError

    try:
        with transaction.atomic():
            person.log_action("sanwei.person.deleted", user=user, data={"name": person.name})
            person.delete()
    except ProtectedError as e:
        raise ServiceError(
            "person_in_use", f"“{person.name}”已有参与记录或队伍成员身份，不能删除"
        ) from e
