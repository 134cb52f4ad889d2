"""Rules of the volunteer registry, hours, star levels and certificates.

Writes take `user=` and check it first; None and anonymous users are refused, the system
passes `SYSTEM`. A refusal is a `ServiceError` (English code, Chinese message, field)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import require
from sanwei.core.codes import random_code
from sanwei.core.errors import ServiceError
from sanwei.regions.models import PATH_LENGTH, Region, RegionLevel

from .models import VolunteerProfile
from .permissions import CHANGE_VOLUNTEERS

TOWN_DIGITS = PATH_LENGTH[RegionLevel.TOWN]


def _user_or_none(user):
    return user if getattr(user, "is_authenticated", False) else None


def next_number(region: Region) -> str:
    """The next volunteer number in the town of `region`: its 9-digit path, a dash and a
    four-digit sequence (430821104-0001). Call inside a transaction that locked the town."""
    prefix = f"{region.code[:TOWN_DIGITS]}-"
    last = (
        VolunteerProfile.unscoped.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


def _check(profile: VolunteerProfile) -> None:
    try:
        profile.full_clean(
            exclude=["person", "number", "card_code"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as e:
        name, messages = next(iter(e.message_dict.items()))
        raise ServiceError(
            "invalid", "；".join(messages), field=None if name == "__all__" else name
        ) from e
    if profile.left_on and profile.left_on < profile.joined_on:
        raise ServiceError(
            "volunteer_left_before_joined", _("退出日期不能早于加入日期"), field="left_on"
        )


@transaction.atomic
def register_volunteer(
    person, *, user=None, joined_on: dt.date | None = None, **fields
) -> VolunteerProfile:
    """Register `person` as a volunteer: one profile per person, a new number in their
    town, skills starting from the person's 技能特长."""
    require(user, CHANGE_VOLUNTEERS, person.region)
    if VolunteerProfile.unscoped.filter(person=person).exists():
        raise ServiceError("volunteer_exists", _("该群众已登记为志愿者"), field="person")
    town_code = person.region.code[:TOWN_DIGITS].ljust(12, "0")
    # Numbers are given in sequence per town: the town's row serialises registrations.
    Region.unscoped.select_for_update().filter(code=town_code).first()
    profile = VolunteerProfile(
        person=person,
        joined_on=joined_on or dt.date.today(),
        skills=fields.pop("skills", None) or person.skills,
        **fields,
    )
    _check(profile)
    profile.number = next_number(person.region)
    profile.card_code = random_code(12)
    profile.save()
    profile.log_action(
        "sanwei.volunteer.registered",
        user=user,
        data={"person": person.pk, "number": profile.number},
    )
    return profile


@transaction.atomic
def save_profile(profile: VolunteerProfile, *, user=None) -> VolunteerProfile:
    """Save an existing profile's editable fields (skills, post, availability, dates)."""
    if profile.pk is None:
        raise ServiceError("volunteer_unregistered", _("请先登记志愿者"))
    VolunteerProfile.unscoped.select_for_update().get(pk=profile.pk)
    require(user, CHANGE_VOLUNTEERS, profile.person.region)
    _check(profile)
    profile.save()
    profile.log_action("sanwei.volunteer.changed", user=user, data={"number": profile.number})
    return profile
