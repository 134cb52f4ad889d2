"""QR check-in: the signed link of an activity, its window, matching a resident to the
roster, and staff resolving the check-ins that matched nobody.

The public check-in (`check_in`) takes no user: the signed token is the authority, and
what it writes it writes as `SYSTEM` through `activities.services.record_attendance`, the
one attendance writer (it locks the activity; the unique constraint
`one_attendance_per_person_role` is behind the lock). The staff services take `user=`
and check it themselves, like every write service.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import SYSTEM, require_that
from sanwei.activities import services as activities
from sanwei.activities.models import Activity, AttendanceRole, RecordedVia
from sanwei.activities.permissions import RECORD_ATTENDANCE
from sanwei.core.db import violated_constraint
from sanwei.core.errors import ServiceError
from sanwei.core.models import user_or_none
from sanwei.people import services as people
from sanwei.people.models import Person
from sanwei.people.permissions import CHANGE_PEOPLE
from sanwei.people.validation import PhoneError, normalize_phone, normalize_text

from . import rules
from .models import CheckinStatus, UnverifiedCheckin

# --------------------------------------------------------------------------- the link

TOKEN_SALT = "sanwei.checkin.link"
TOKEN_SEP = "."  # not in the code alphabet nor in base64url: a clean URL segment
NAME_MAX = 50


def _signer() -> signing.Signer:
    return signing.Signer(salt=TOKEN_SALT, sep=TOKEN_SEP)


def checkin_token(activity: Activity) -> str:
    """The token of the activity's public check-in link: its random code, signed."""
    return _signer().sign(activity.code)


def activity_for_token(token: str) -> Activity | None:
    """The activity a token names, or None when the token is forged, altered or names
    no activity (never says which)."""
    try:
        code = _signer().unsign(token)
    except signing.BadSignature:
        return None
    return Activity.unscoped.select_related("region", "activity_type").filter(code=code).first()


# --------------------------------------------------------------------------- the window


class Window(enum.Enum):
    NOT_YET = "not_yet"
    OPEN = "open"
    CLOSED = "closed"


def checkin_opens_at(activity: Activity) -> datetime:
    return activity.starts_at - timedelta(minutes=activity.checkin_opens_before)


def checkin_closes_at(activity: Activity) -> datetime:
    return activity.ends_at + timedelta(minutes=activity.checkin_closes_after)


def window_state(activity: Activity, now: datetime | None = None) -> Window:
    """Open from `opens_before` minutes before the start to `closes_after` minutes after
    the end, both ends included."""
    now = now or timezone.now()
    if now < checkin_opens_at(activity):
        return Window.NOT_YET
    if now > checkin_closes_at(activity):
        return Window.CLOSED
    return Window.OPEN


# --------------------------------------------------------------------------- matching


def clean_name(raw: str) -> str:
    name = normalize_text(raw or "")
    if not name:
        raise ServiceError("name_required", _("请填写姓名"), field="name")
    if len(name) > NAME_MAX:
        raise ServiceError("name_too_long", _("姓名过长"), field="name")
    return name


def clean_mobile(raw: str) -> str:
    try:
        return normalize_phone((raw or "").strip())
    except PhoneError as e:
        raise ServiceError("phone_format", _("请填写11位手机号码（以1开头）"), field="phone") from e


def roster_of(activity: Activity):
    """Everyone registered in the activity's region and below."""
    return Person.unscoped.filter(region__path__startswith=activity.region.path)


def match_person(activity: Activity, name: str, phone: str) -> Person | None:
    """The one roster person this name and mobile number mean, or None.

    1. By mobile number in the activity's region subtree, with the name agreeing (a phone
       shared by a family names one of them only with the name; a relative's phone
       typed with one's own name does not record the relative).
    2. Else by name in the region subtree, when exactly one person has it.
    Anything ambiguous is None: staff resolve it.
    """
    # The region comes along: record_attendance checks it against the caller's scope.
    roster = roster_of(activity).select_related("region")
    by_phone = [p for p in people.people_with_phone(roster, phone)[:20] if p.name == name]
    if len(by_phone) == 1:
        return by_phone[0]
    if len(by_phone) > 1:
        return None
    by_name = list(roster.filter(name=name)[:2])
    return by_name[0] if len(by_name) == 1 else None


def candidates(checkin: UnverifiedCheckin, people_queryset=None):
    """Persons an unverified check-in may be: the same name or the same mobile number in
    the activity's region. `people_queryset` is the caller's scoped `Person.objects`."""
    queryset = people_queryset if people_queryset is not None else Person.unscoped.all()
    return (
        queryset.filter(region__path__startswith=checkin.activity.region.path)
        .filter(Q(name=checkin.name) | Q(phone_hash=checkin.phone_hash))
        .select_related("region", "household")
        .order_by("region__path", "name", "id")[:20]
    )


# --------------------------------------------------------------------------- check-in


class Outcome(enum.Enum):
    RECORDED = "recorded"  # matched and recorded now
    ALREADY = "already"  # matched, was already recorded
    UNVERIFIED = "unverified"  # matched nobody: waits for staff
    UNVERIFIED_AGAIN = "unverified_again"  # the same name and phone waits already


@dataclass(frozen=True)
class CheckinResult:
    outcome: Outcome
    activity: Activity

    @property
    def recorded(self) -> bool:
        return self.outcome in (Outcome.RECORDED, Outcome.ALREADY)

    @property
    def again(self) -> bool:
        """The same check-in was there already (recorded, or waiting for staff)."""
        return self.outcome in (Outcome.ALREADY, Outcome.UNVERIFIED_AGAIN)


def _refuse_closed(activity: Activity, state: Window) -> None:
    if state is Window.NOT_YET:
        raise ServiceError("checkin_not_open", _("签到尚未开始"))
    if state is Window.CLOSED:
        raise ServiceError("checkin_closed", _("签到已结束"))


@transaction.atomic
def check_in(activity: Activity, *, name: str, phone: str, now=None) -> CheckinResult:
    """A resident checks in through the activity's signed link (the caller has verified
    the token): matched to the roster → attendance as audience via QR (once, however
    often or concurrently they check in); matched to nobody → an unverified check-in."""
    name, phone = clean_name(name), clean_mobile(phone)
    _refuse_closed(activity, window_state(activity, now))
    # One check-in at a time per activity: the match, the "already there?" check and the
    # insert are one step (record_attendance takes the same lock again, harmlessly).
    Activity.unscoped.select_for_update().get(pk=activity.pk)
    person = match_person(activity, name, phone)
    if person is not None:
        try:
            activities.record_attendance(
                activity,
                person,
                role=AttendanceRole.AUDIENCE,
                via=RecordedVia.QR,
                user=SYSTEM,
            )
        except ServiceError as e:
            if e.code != "attendance_duplicate":
                raise
            return CheckinResult(Outcome.ALREADY, activity)
        return CheckinResult(Outcome.RECORDED, activity)
    pending = UnverifiedCheckin.unscoped.filter(
        activity=activity,
        name=name,
        phone_hash=people.phone_hash(phone),
        status=CheckinStatus.PENDING,
    )
    if pending.exists():
        return CheckinResult(Outcome.UNVERIFIED_AGAIN, activity)
    try:
        with transaction.atomic():
            checkin = UnverifiedCheckin.unscoped.create(activity=activity, name=name, phone=phone)
    except IntegrityError as e:
        if violated_constraint(e) != "one_pending_checkin_per_name_phone":
            raise
        return CheckinResult(Outcome.UNVERIFIED_AGAIN, activity)
    checkin.log_action("sanwei.checkin.unverified", data={"activity": activity.code})
    return CheckinResult(Outcome.UNVERIFIED, activity)


# --------------------------------------------------------------------------- staff


def _lock_pending(checkin: UnverifiedCheckin) -> UnverifiedCheckin:
    locked = (
        UnverifiedCheckin.unscoped.select_for_update(of=("self",))
        .select_related("activity", "activity__region")
        .get(pk=checkin.pk)
    )
    if locked.status != CheckinStatus.PENDING:
        raise ServiceError(
            "checkin_resolved",
            _("该签到已处理（%(status)s）") % {"status": locked.get_status_display()},
        )
    return locked


def _record(checkin: UnverifiedCheckin, person: Person, user) -> None:
    try:
        activities.record_attendance(
            checkin.activity,
            person,
            role=AttendanceRole.AUDIENCE,
            via=RecordedVia.QR,
            user=user,
        )
    except ServiceError as e:
        if e.code != "attendance_duplicate":
            raise


def _resolve(checkin: UnverifiedCheckin, status: str, person: Person | None, user) -> None:
    checkin.status = status
    checkin.person = person
    checkin.resolved_by = user_or_none(user)
    checkin.resolved_at = timezone.now()
    checkin.save(update_fields=["status", "person", "resolved_by", "resolved_at"])
    checkin.log_action(
        f"sanwei.checkin.{status}",
        user=user,
        data={"activity": checkin.activity.code, "person": person.pk if person else None},
    )


@transaction.atomic
def confirm_as_new(checkin: UnverifiedCheckin, *, user=None) -> Person:
    """Register the checked-in resident as a new person of the activity's region (name
    and mobile number as they typed them) and record their attendance."""
    require_that(rules.may_confirm_as_new(user, checkin), CHANGE_PEOPLE)
    checkin = _lock_pending(checkin)
    person = Person(name=checkin.name, phone=checkin.phone, region=checkin.activity.region)
    people.save_person(person, user=user)
    _record(checkin, person, user)
    _resolve(checkin, CheckinStatus.CONFIRMED, person, user)
    return person


@transaction.atomic
def merge_checkin(checkin: UnverifiedCheckin, person: Person, *, user=None) -> Person:
    """The checked-in resident is `person` (already on the roster): record their
    attendance. The person must be in the user's scope (record_attendance checks)."""
    require_that(rules.may_resolve(user, checkin), RECORD_ATTENDANCE)
    checkin = _lock_pending(checkin)
    _record(checkin, person, user)
    _resolve(checkin, CheckinStatus.MERGED, person, user)
    return person


@transaction.atomic
def reject_checkin(checkin: UnverifiedCheckin, *, user=None) -> None:
    """Not a resident of ours, a joke, a mistake: nothing is recorded."""
    require_that(rules.may_resolve(user, checkin), RECORD_ATTENDANCE)
    checkin = _lock_pending(checkin)
    _resolve(checkin, CheckinStatus.REJECTED, None, user)


# -------------------------------------------------------------------------- retention


@transaction.atomic
def purge_expired_checkins(*, now: datetime | None = None) -> dict[str, int]:
    """Delete the unverified check-ins older than SANWEI_UNVERIFIED_CHECKIN_DAYS (a
    retention job: SYSTEM, no user). One action-log record per village says how many of
    its check-ins went and up to when; returns {region path: count}."""
    from collections import Counter

    from django.conf import settings

    from sanwei.core.models import log_event

    cutoff = (now or timezone.now()) - timedelta(days=settings.SANWEI_UNVERIFIED_CHECKIN_DAYS)
    expired = UnverifiedCheckin.unscoped.select_for_update(of=("self",)).filter(
        created_at__lt=cutoff
    )
    counts = Counter(expired.values_list("activity__region__path", flat=True))
    UnverifiedCheckin.unscoped.filter(pk__in=list(expired.values_list("pk", flat=True))).delete()
    for path, count in sorted(counts.items()):
        log_event(
            "sanwei.checkin.unverified_purged",
            region_path=path,
            data={
                "count": count,
                "before": cutoff.isoformat(),
                "days": settings.SANWEI_UNVERIFIED_CHECKIN_DAYS,
            },
        )
    return dict(counts)
