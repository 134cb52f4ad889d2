"""Courtyard meetings (屋场会): the meeting record beside its activity, its hosts, its
closing record, and the opinions entered at it (on a phone, or imported from a sheet).

A meeting IS an `activities.Activity` of the `courtyard_meeting` type: the activity is
written through `activities.services.save_activity` and its attendance through the
recording and check-in pages (the one attendance writer). What this module writes is the
`CourtyardMeeting` (hosts, minutes, attendee count); opinions go through the opinion
loop's `services.create_opinion`. Writes take `user=` and check it first (the
activities' predicates: a meeting is changed by whoever may change its activity).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import require_that
from sanwei.activities import rules as activity_rules
from sanwei.activities import services as activity_services
from sanwei.activities.models import Activity, ActivityType, Attendance
from sanwei.activities.permissions import CHANGE_ACTIVITIES
from sanwei.core import audit
from sanwei.core.errors import ServiceError
from sanwei.core.models import user_or_none
from sanwei.core.uploads import OPINION_PHOTO, check_upload, format_size
from sanwei.people.models import Person
from sanwei.regions.models import Region, RegionLevel

from .models import CourtyardMeeting, HostStanding, MeetingHost, Opinion
from .permissions import CHANGE_OPINIONS

MEETING_TYPE = "courtyard_meeting"
MINUTES_MAX_CHARS = 10_000
HOST_NAME_MAX = 50
# Standings offered on the forms (the model also keeps "其他" for older records).
HOST_STANDINGS = [
    (value, label) for value, label in HostStanding.choices if value != HostStanding.OTHER
]


def meeting_type() -> ActivityType:
    activity_type = ActivityType.objects.filter(code=MEETING_TYPE).first()
    if activity_type is None:
        raise ServiceError("activity_type_missing", _("缺少活动类型“屋场会”"))
    return activity_type


def is_meeting_activity(activity: Activity) -> bool:
    return activity.activity_type.code == MEETING_TYPE


def meeting_village(meeting: CourtyardMeeting) -> Region:
    """The village whose roster the meeting's opinions are raised from (a 组's meeting:
    its village)."""
    region = meeting.activity.region
    if region.level == RegionLevel.GROUP and region.parent_id:
        return region.parent
    return region


def _may_change(user, activity: Activity) -> None:
    require_that(activity_rules.may_change_activity(user, activity), CHANGE_ACTIVITIES)


# --------------------------------------------------------------------------- meetings


@transaction.atomic
def create_meeting(activity: Activity, *, user=None) -> CourtyardMeeting:
    """A new 屋场会: the activity (its type set to courtyard_meeting, every rule of
    `save_activity` checked) and its meeting record, in one transaction."""
    _may_change(user, activity)
    if activity.pk is not None:
        raise ServiceError("meeting_exists", _("该活动已存在"))
    activity.activity_type = meeting_type()
    activity_services.save_activity(activity, user=user)
    meeting = CourtyardMeeting.unscoped.create(activity=activity)
    meeting.log_action("sanwei.meeting.created", user=user, data={"activity": activity.pk})
    return meeting


@transaction.atomic
def meeting_for_activity(activity: Activity, *, user=None) -> CourtyardMeeting:
    """The meeting record of a courtyard-meeting activity made elsewhere (the activity
    form, an import), created on first use."""
    _may_change(user, activity)
    if not is_meeting_activity(activity):
        raise ServiceError("not_a_meeting", _("该活动不是屋场会"))
    Activity.unscoped.select_for_update().get(pk=activity.pk)
    meeting, created = CourtyardMeeting.unscoped.get_or_create(activity=activity)
    if created:
        meeting.log_action("sanwei.meeting.created", user=user, data={"activity": activity.pk})
    return meeting


def _locked(meeting: CourtyardMeeting) -> CourtyardMeeting:
    return (
        CourtyardMeeting.unscoped.select_for_update().select_related("activity").get(pk=meeting.pk)
    )


@transaction.atomic
def add_host(
    meeting: CourtyardMeeting,
    *,
    standing: str,
    person: Person | None = None,
    name: str = "",
    user=None,
) -> MeetingHost:
    """A host from the roster (a person of the meeting's village) or a typed name."""
    activity = meeting.activity
    _may_change(user, activity)
    if standing not in HostStanding.values:
        raise ServiceError("host_standing", _("请选择主持人身份"), field="standing")
    name = (name or "").strip()
    _locked(meeting)
    if person is not None:
        village = meeting_village(meeting)
        if not person.region.path.startswith(village.path):
            raise ServiceError(
                "host_outside_village",
                _("主持人须是本村（%(village)s）的群众，或直接填写姓名")
                % {"village": village.name},
                field="person",
            )
        if MeetingHost.unscoped.filter(meeting=meeting, person=person).exists():
            raise ServiceError(
                "host_twice", _("%(name)s已是本场主持人") % {"name": person.name}, field="person"
            )
        name = person.name
    elif not name:
        raise ServiceError("host_name_required", _("请选择或填写主持人姓名"), field="name")
    elif len(name) > HOST_NAME_MAX:
        raise ServiceError(
            "host_name_too_long",
            _("姓名不能超过%(n)s个字") % {"n": HOST_NAME_MAX},
            field="name",
        )
    host = MeetingHost.unscoped.create(meeting=meeting, person=person, name=name, standing=standing)
    meeting.log_action(
        "sanwei.meeting.host_added",
        user=user,
        data={"host": host.pk, "person": person.pk if person else None, "standing": standing},
    )
    return host


@transaction.atomic
def remove_host(host: MeetingHost, *, user=None) -> None:
    meeting = host.meeting
    _may_change(user, meeting.activity)
    _locked(meeting)
    meeting.log_action(
        "sanwei.meeting.host_removed",
        user=user,
        # Logged on the meeting (its history): the removed host's own values go along.
        data={"host": host.pk, "standing": host.standing, "deleted": audit.record_values(host)},
    )
    host.delete()


def attended_persons(meeting: CourtyardMeeting) -> int:
    """Distinct persons recorded at the meeting's activity (any role, any way)."""
    return (
        Attendance.unscoped.filter(activity_id=meeting.activity_id)
        .values("person_id")
        .distinct()
        .count()
    )


def default_attendee_count(meeting: CourtyardMeeting) -> int:
    """What the closing form proposes: the distinct persons recorded (roster, sign-in
    sheet, QR check-in) plus the unnamed head count."""
    return attended_persons(meeting) + (meeting.activity.audience_headcount or 0)


@transaction.atomic
def close_meeting(
    meeting: CourtyardMeeting,
    *,
    minutes: str,
    attendee_count: int | None = None,
    user=None,
) -> CourtyardMeeting:
    """The closing record: minutes and the attendee count (left empty: the recorded
    persons plus the head count). Closing again corrects the record."""
    _may_change(user, meeting.activity)
    minutes = (minutes or "").strip()
    if len(minutes) > MINUTES_MAX_CHARS:
        raise ServiceError(
            "minutes_too_long",
            _("会议纪要不能超过%(n)s个字") % {"n": MINUTES_MAX_CHARS},
            field="minutes",
        )
    if attendee_count is not None and attendee_count < 0:
        raise ServiceError("attendee_count_negative", _("人数不能为负数"), field="attendee_count")
    locked = _locked(meeting)
    if attendee_count is None:
        attendee_count = default_attendee_count(locked)
    first = locked.closed_at is None
    now = timezone.now()
    CourtyardMeeting.unscoped.filter(pk=meeting.pk).update(
        minutes=minutes,
        attendee_count=attendee_count,
        closed_at=locked.closed_at or now,
        closed_by=user_or_none(user),
    )
    meeting.refresh_from_db()
    meeting.log_action(
        "sanwei.meeting.closed" if first else "sanwei.meeting.close_corrected",
        user=user,
        data={"attendee_count": attendee_count, "minutes_chars": len(minutes)},
    )
    return meeting


def meeting_opinions(meeting: CourtyardMeeting) -> QuerySet[Opinion]:
    return Opinion.unscoped.filter(meeting=meeting).order_by("created_at", "id")


# --------------------------------------------------------------------------- opinions


def photo_too_large() -> ServiceError:
    return ServiceError(
        "photo_too_large",
        _("照片过大：不能超过%(size)s") % {"size": format_size(settings.OPINION_PHOTO_MAX_BYTES)},
        field="photo",
    )


def check_photo(upload) -> None:
    """A jpg or png that Pillow can read, within the size limit, with no markup or script
    in it (`core.uploads.check_upload`); anything else is refused before the opinion is
    written. The upload is renamed to the format found (stored under a random name)."""
    upload.name = check_upload(upload, OPINION_PHOTO, field="photo").stored_as


def record_opinion(
    meeting: CourtyardMeeting,
    *,
    text: str,
    raised_by: Person | None = None,
    raised_by_name: str = "",
    photo=None,
    user=None,
) -> Opinion:
    """An opinion raised at the meeting, in the meeting's region, campaign and day; the
    raiser a person of the meeting's village or a typed name."""
    from . import rules, services

    activity = meeting.activity
    require_that(rules.may_record_opinion(user, activity.region), CHANGE_OPINIONS)
    if raised_by is not None:
        village = meeting_village(meeting)
        if not raised_by.region.path.startswith(village.path):
            raise ServiceError(
                "raiser_outside_village",
                _("提出人须是本村（%(village)s）的群众，或直接填写姓名")
                % {"village": village.name},
                field="raised_by",
            )
    if photo is not None:
        check_photo(photo)
    return services.create_opinion(
        user=user,
        region=activity.region,
        text=text,
        raised_on=timezone.localdate(activity.starts_at),
        meeting=meeting,
        campaign=activity.campaign,
        raised_by=raised_by,
        raised_by_name="" if raised_by is not None else (raised_by_name or "").strip(),
        photo=photo,
    )


@dataclass
class MeetingFigures:
    attended: int
    headcount: int
    opinions: int

    @property
    def default_count(self) -> int:
        return self.attended + self.headcount


def meeting_figures(meeting: CourtyardMeeting) -> MeetingFigures:
    return MeetingFigures(
        attended=attended_persons(meeting),
        headcount=meeting.activity.audience_headcount or 0,
        opinions=Opinion.unscoped.filter(meeting=meeting).count(),
    )


def local_day(value: dt.datetime) -> dt.date:
    return timezone.localdate(value)
