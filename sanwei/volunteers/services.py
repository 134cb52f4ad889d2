"""Rules of the volunteer registry, hours, star levels and certificates.

Writes take `user=` and check it first; None and anonymous users are refused, the system
passes `SYSTEM`. A refusal is a `ServiceError` (English code, Chinese message, field)."""

from __future__ import annotations

import datetime as dt
import hmac
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import require, require_that
from sanwei.activities.models import Activity, Attendance, AttendanceRole
from sanwei.activities.permissions import RECORD_ATTENDANCE
from sanwei.activities.rules import may_record_attendance
from sanwei.core.codes import ALPHABET, random_code
from sanwei.core.errors import ServiceError
from sanwei.core.models import user_or_none
from sanwei.people.models import Person
from sanwei.people.privacy import masked_id
from sanwei.regions.models import PATH_LENGTH, Region, RegionLevel
from sanwei.teams.models import TeamKind

from . import hours as volunteer_hours
from .models import Certificate, VolunteerProfile
from .permissions import CHANGE_VOLUNTEERS, ISSUE_CERTIFICATES

TOWN_DIGITS = PATH_LENGTH[RegionLevel.TOWN]


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
        joined_on=joined_on or timezone.localdate(),
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


# --------------------------------------------------------------------------- hours

MAX_HOURS_PER_DAY = Decimal(24)


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value if value not in (None, "") else 0)).quantize(Decimal("0.1"))
    except (ArithmeticError, InvalidOperation) as e:
        raise ServiceError("attendance_hours", _("时长应为数字"), field="hours") from e
    if hours < 0:
        raise ServiceError("hours_negative", _("服务时长不能为负数"), field="hours")
    if hours > MAX_HOURS_PER_DAY:
        raise ServiceError("hours_over_day", _("服务时长不能超过24小时"), field="hours")
    return hours


def _volunteer_attendance(activity: Activity, attendance_id: int) -> Attendance:
    attendance = (
        Attendance.unscoped.select_for_update()
        .filter(pk=attendance_id, activity=activity, role=AttendanceRole.VOLUNTEER)
        .first()
    )
    if attendance is None:
        raise ServiceError("not_a_volunteer_attendance", _("这条记录不是本活动的志愿者参与记录"))
    return attendance


@transaction.atomic
def set_volunteer_hours(attendance: Attendance, hours, *, user=None) -> Attendance:
    """Change the hours of a volunteer's attendance before it is confirmed (once confirmed,
    whoever recorded it has certified it: the hours no longer change)."""
    activity = attendance.activity
    require_that(may_record_attendance(user, activity), RECORD_ATTENDANCE)
    value = _hours(hours)
    row = _volunteer_attendance(activity, attendance.pk)
    if row.confirmed_at is not None:
        raise ServiceError("hours_confirmed", _("时长已确认，不能再修改"), field="hours")
    row.hours = value
    row.save(update_fields=["hours"])
    row.log_action(
        "sanwei.attendance.hours_set",
        user=user,
        data={"activity": activity.code, "hours": str(value)},
    )
    attendance.hours = value
    return row


def day_hours(person: Person, day: dt.date, *, excluding: int | None = None) -> Decimal:
    """A volunteer's confirmed hours on `day`: attendance at activities starting that day
    plus hours of needs resolved that day."""
    rows = volunteer_hours.confirmed_attendances([person.pk], period=(day, day))
    if excluding is not None:
        rows = rows.exclude(pk=excluding)
    own = sum((a.hours for a in rows.only("hours")), Decimal(0))
    needs = volunteer_hours.need_hours([person.pk], period=(day, day)).get(person.pk)
    return own + (needs or Decimal(0))


@transaction.atomic
def confirm_attendances(activity: Activity, attendance_ids=None, *, user=None) -> int:
    """The organiser confirms volunteers' hours on `activity`: the given attendances, or
    every unconfirmed volunteer attendance (None). All or nothing: a confirmation that
    would give a volunteer over 24 hours on the activity's day is refused, nothing
    confirmed, and so is any confirmation before the activity has started. Returns how
    many were confirmed."""
    require_that(may_record_attendance(user, activity), RECORD_ATTENDANCE)
    locked = Activity.unscoped.select_for_update().get(pk=activity.pk)
    if locked.starts_at > timezone.now():
        # Volunteers may be recorded ahead from their sign-ups; hours are certified only
        # for what has taken place.
        raise ServiceError(
            "activity_not_started", _("活动尚未开始，不能确认服务时长"), field="hours"
        )
    if attendance_ids is None:
        attendance_ids = list(
            Attendance.unscoped.filter(
                activity=activity, role=AttendanceRole.VOLUNTEER, confirmed_at__isnull=True
            ).values_list("pk", flat=True)
        )
    day = timezone.localdate(activity.starts_at)
    now = timezone.now()
    confirmed = []
    for attendance_id in sorted(set(attendance_ids)):
        attendance = _volunteer_attendance(activity, attendance_id)
        if attendance.confirmed_at is not None:
            continue
        person = Person.unscoped.select_for_update().get(pk=attendance.person_id)
        if attendance.hours < 0:
            raise ServiceError("hours_negative", _("服务时长不能为负数"), field="hours")
        if day_hours(person, day, excluding=attendance.pk) + attendance.hours > MAX_HOURS_PER_DAY:
            raise ServiceError(
                "hours_over_day",
                _("%(name)s在%(day)s的服务时长合计将超过24小时，不能确认")
                % {"name": person.name, "day": f"{day:%Y-%m-%d}"},
                field="hours",
            )
        attendance.confirmed_at = now
        attendance.confirmed_by = user_or_none(user)
        attendance.save(update_fields=["confirmed_at", "confirmed_by"])
        confirmed.append(attendance)
    for attendance in confirmed:
        attendance.log_action(
            "sanwei.attendance.confirmed",
            user=user,
            data={"activity": activity.code, "hours": str(attendance.hours)},
        )
    return len(confirmed)


# --------------------------------------------------------------------------- certificates

CODE_SALT = "sanwei.volunteers.certificate"
SIGNATURE_CHARS = 10


def _signature(serial: str) -> str:
    return salted_hmac(CODE_SALT, serial, algorithm="sha256").hexdigest()[:SIGNATURE_CHARS]


def verification_code(certificate: Certificate) -> str:
    """The code printed on a certificate: its random serial and the serial's signature."""
    return f"{certificate.serial}-{_signature(certificate.serial)}"


def verify(code: str) -> Certificate | None:
    """The certificate a code names, or None for a wrong, altered or unknown code."""
    serial, _dash, signature = (code or "").strip().lower().partition("-")
    if len(serial) != 12 or any(c not in ALPHABET for c in serial):
        return None
    if not hmac.compare_digest(signature.encode(), _signature(serial).encode()):
        return None
    return Certificate.unscoped.filter(serial=serial).select_related("profile").first()


def default_issuer(profile: VolunteerProfile) -> str:
    """The volunteer brand above the volunteer's squad, or the town's 新时代文明实践所."""
    squad = profile.squad
    team = squad
    while team is not None and team.kind != TeamKind.VOLUNTEER_BRAND:
        team = team.parent
    if team is not None:
        return team.name
    town = Region.unscoped.filter(code=profile.person.region.code[:TOWN_DIGITS].ljust(12, "0"))
    name = town.values_list("name", flat=True).first() or profile.person.region.name
    return f"{name}新时代文明实践所"


@transaction.atomic
def issue_certificate(
    profile: VolunteerProfile, *, user=None, issuer: str = "", today: dt.date | None = None
) -> tuple[Certificate, str]:
    """Issue a 志愿服务记录证明 of the volunteer's confirmed services as they stand today.
    Returns the certificate and its verification code (the code is not stored)."""
    require(user, ISSUE_CERTIFICATES, profile.person.region)
    profile = (
        VolunteerProfile.unscoped.select_for_update().select_related("person").get(pk=profile.pk)
    )
    issuer = (issuer or "").strip() or default_issuer(profile)
    if len(issuer) > 100:
        raise ServiceError("issuer_too_long", _("出具单位不能超过100个字"), field="issuer")
    total = volunteer_hours.summary(profile)
    squad = profile.squad
    certificate = Certificate.unscoped.create(
        profile=profile,
        serial=random_code(12),
        name=profile.person.name,
        masked_id=masked_id(profile.person),
        squad_name=squad.name if squad else "",
        total_hours=total.hours,
        star_level=total.stars,
        records=[
            {"day": f"{i.day:%Y-%m-%d}", "what": i.what, "place": i.place, "hours": str(i.hours)}
            for i in volunteer_hours.history(profile)
        ],
        issuer=issuer,
        issued_on=today or timezone.localdate(),
        issued_by=user_or_none(user),
    )
    certificate.log_action(
        "sanwei.certificate.issued",
        user=user,
        data={"number": profile.number, "hours": str(total.hours), "stars": total.stars},
    )
    return certificate, verification_code(certificate)
