"""What a user is shown of a person's ID number, phone and birth date: one rule, used by the
pages, the API, the exports and the search.

A user without VIEW_SENSITIVE on the person's region sees the masked ID number, the masked
phone and the age, never the birth date; nothing they are shown together narrows the ID
number or the phone to fewer than 10,000 candidates:

- ID number (GB 11643): 6 digits of county code, 8 of birth date, 3 of sequence (odd for
  men), 1 check character computed from the other 17. The mask shows the first 3 digits
  only (`mask_id_number`); the county code is known anyway (the person's village code).
  The age leaves a birth-date window of 365 (or 366) days, the gender 500 of the 1,000
  sequence numbers, and the check character is then fixed: 365 × 500 = 182,500
  candidates. Even a birth date narrowed to 20 days leaves 20 × 500 = 10,000. (Showing the
  last character too would divide by 11: 365 × 500 / 11 ≈ 16,590, under 10,000 as soon as
  the date is known within 220 days; showing the birth year beside the age narrows the
  date to a few days.)
- Phone: the mask shows 3 + 4 digits, 10,000 middle candidates, and the search matches
  only the exact last four digits for these users (`sensitive_only` in
  `services.search_people`).

A user with VIEW_SENSITIVE on the region sees the birth date; the full ID number and phone
only through the logged reveal of one field at a time (`services.reveal_field`, with
REVEAL_PERSONAL).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from sanwei.accounts.permissions import VIEW_SENSITIVE, can, permission_scope

from .models import AUDIT_MASKS as AUDIT_MASKS
from .models import Person
from .validation import mask_id_number, mask_landline, mask_phone


def sees_sensitive(user, person: Person) -> bool:
    """May `user` see `person`'s birth date (and ask for the full ID number and phone)?"""
    if user is None:
        return False
    cache = user.__dict__.setdefault("_sanwei_sensitive", {})
    path = person.region.path
    if path not in cache:
        cache[path] = can(user, VIEW_SENSITIVE, person.region)
    return cache[path]


def sensitive_only(people: QuerySet[Person], user) -> QuerySet[Person]:
    """The people of `people` whose region `user` holds VIEW_SENSITIVE on (none without a
    user)."""
    if user is None:
        return people.none()
    where = permission_scope(user, VIEW_SENSITIVE)
    return people if where is None else people.filter(region__path__under=where)


def masked_id(person: Person) -> str:
    return mask_id_number(person.id_number) if person.id_number_encrypted else ""


def masked_phone(person: Person) -> str:
    return mask_phone(person.phone) if person.phone else ""


def masked_landline(person: Person) -> str:
    return mask_landline(person.landline) if person.landline else ""


def search_query_for_log(query: str) -> str:
    """A people search's text as the action log keeps it: a query of digits (a phone or
    ID number tail) masked like a phone, names kept."""
    digits = query.strip()
    if digits.isdigit() and len(digits) > 4:
        return "*" * (len(digits) - 4) + digits[-4:]
    return query.strip()[:50]


def shown_birth_date(person: Person, user) -> date | None:
    """The birth date for a user who may see it, else None (they see `person.age`)."""
    return person.birth_date if sees_sensitive(user, person) else None


@dataclass(frozen=True)
class ShownPerson:
    """A person's personal fields as `user` may see them: `sensitive` says whether the
    birth date is shown (else the age only)."""

    sensitive: bool
    id_number: str
    phone: str
    landline: str
    birth_date: date | None
    age: int | None

    @classmethod
    def of(cls, person: Person, user) -> ShownPerson:
        sensitive = sees_sensitive(user, person)
        return cls(
            sensitive=sensitive,
            id_number=masked_id(person),
            phone=masked_phone(person),
            landline=masked_landline(person),
            birth_date=person.birth_date if sensitive else None,
            age=person.age,
        )
