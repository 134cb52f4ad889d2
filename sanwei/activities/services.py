"""Rules for campaigns, activity types, activities, attendance and attachments.

Views and API handlers fetch objects through the scoped managers, then call these
functions, which check the change permission on the object's region (the predicates of
`rules.py`), validate, write in one transaction and log the action once. A refusal is a
`ServiceError` (code in English, message in Chinese, `field` for the form); a missing
permission is `NotPermitted` (a ServiceError and a PermissionDenied: 403). Every write
takes `user=`; None and anonymous users are refused, the system passes `SYSTEM`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, ProtectedError, Sum
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import SYSTEM, require, require_that, user_scope
from sanwei.core.db import violated_constraint
from sanwei.core.errors import ServiceError
from sanwei.core.models import user_or_none
from sanwei.core.uploads import ATTACHMENT, CheckedUpload, format_size
from sanwei.core.uploads import check_upload as check_file

from . import rules
from .models import (
    Activity,
    ActivityAttachment,
    ActivityType,
    Attendance,
    AttendanceRole,
    Campaign,
    Pillar,
    RecordedVia,
)
from .permissions import (
    CHANGE_ACTIVITIES,
    CHANGE_ACTIVITY_TYPES,
    CHANGE_CAMPAIGNS,
    RECORD_ATTENDANCE,
)

MAX_ATTENDANCE_HOURS = Decimal(24)


# --------------------------------------------------------------------------- helpers


def in_user_scope(user, region) -> bool:
    """May `user` see objects of `region`? (SYSTEM and superusers see all.)"""
    if user is SYSTEM or getattr(user, "is_superuser", False):
        return True
    return user_scope(user).contains(region.path)


def _clean_fields(obj, exclude: list[str] | None = None) -> None:
    """Field-level validation (choices, lengths, blanks) as one ServiceError."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as e:
        errors = getattr(e, "message_dict", None) or {"__all__": e.messages}
        name, messages = next(iter(errors.items()))
        raise ServiceError(
            "invalid", "；".join(messages), field=None if name == "__all__" else name
        ) from e


def check_times(starts_at, ends_at) -> None:
    if starts_at and ends_at and ends_at <= starts_at:
        raise ServiceError(
            "activity_ends_before_start", _("结束时间必须晚于开始时间"), field="ends_at"
        )


def check_dates(starts_on, ends_on) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ServiceError("campaign_dates", _("结束日期不能早于开始日期"), field="ends_on")


# --------------------------------------------------------------------------- campaigns


@transaction.atomic
def save_campaign(campaign: Campaign, *, user=None) -> Campaign:
    created = campaign.pk is None
    if not created:
        before = Campaign.unscoped.select_for_update().select_related("region")
        require_that(rules.may_change_campaign(user, before.get(pk=campaign.pk)), CHANGE_CAMPAIGNS)
    require_that(rules.may_change_campaign(user, campaign), CHANGE_CAMPAIGNS)
    _clean_fields(campaign)
    check_dates(campaign.starts_on, campaign.ends_on)
    for name in ("target_person_coverage", "target_household_coverage"):
        if not 0 <= getattr(campaign, name) <= 100:
            raise ServiceError("campaign_target", _("覆盖目标应在0到100之间"), field=name)
    if not created:
        outside = Activity.unscoped.filter(campaign_id=campaign.pk).exclude(
            region__path__startswith=campaign.region.path
        )
        if outside.exists():
            raise ServiceError(
                "campaign_region_excludes_activities",
                _("该专题已有不在所选区划内的活动，不能改为该区划"),
                field="region",
            )
    campaign.save()
    campaign.log_action(
        "sanwei.campaign.created" if created else "sanwei.campaign.changed",
        user=user,
        data={"name": campaign.name, "region": campaign.region.code},
    )
    return campaign


def delete_campaign(campaign: Campaign, *, user=None) -> None:
    require_that(rules.may_change_campaign(user, campaign), CHANGE_CAMPAIGNS)
    in_use = Activity.unscoped.filter(campaign_id=campaign.pk).count()
    message = _("专题“%(name)s”下已有%(count)s场活动，不能删除") % {
        "name": campaign.name,
        "count": in_use,
    }
    if in_use:
        raise ServiceError("campaign_in_use", message)
    campaign.delete_logged(
        "sanwei.campaign.deleted",
        user=user,
        data={"name": campaign.name},
        in_use_code="campaign_in_use",
        in_use_message=_("专题“%(name)s”已被使用，不能删除") % {"name": campaign.name},
    )


@dataclass
class CampaignSummary:
    activity_count: int = 0
    by_pillar: list[tuple[str, str, int]] = field(default_factory=list)
    by_type: list[dict] = field(default_factory=list)
    attendance_count: int = 0
    audience_headcount: int = 0
    audience_person_times: int = 0
    person_times: int = 0
    distinct_people: int = 0


def campaign_summary(campaign: Campaign, activities) -> CampaignSummary:
    """Figures of a campaign over `activities` (a queryset, already scoped by the caller)."""
    qs = activities.filter(campaign=campaign)
    summary = CampaignSummary()
    pillar_counts = dict(qs.values_list("activity_type__pillar").annotate(n=Count("id")).order_by())
    summary.by_pillar = [(v, label, pillar_counts.get(v, 0)) for v, label in Pillar.choices]
    summary.by_type = list(
        qs.values("activity_type__pillar", "activity_type__name")
        .annotate(n=Count("id"))
        .order_by("activity_type__pillar", "activity_type__sort_order", "activity_type__name")
    )
    summary.activity_count = sum(pillar_counts.values())
    summary.audience_headcount = qs.aggregate(s=Sum("audience_headcount"))["s"] or 0
    attendances = Attendance.unscoped.filter(activity__in=qs.values("pk"))
    summary.attendance_count = attendances.count()
    audience = attendances.filter(role=AttendanceRole.AUDIENCE).count()
    summary.audience_person_times = audience + summary.audience_headcount
    summary.person_times = summary.attendance_count + summary.audience_headcount
    summary.distinct_people = attendances.values("person_id").distinct().count()
    return summary


# --------------------------------------------------------------------------- activity types


@transaction.atomic
def save_activity_type(activity_type: ActivityType, *, user=None) -> ActivityType:
    require(user, CHANGE_ACTIVITY_TYPES)
    created = activity_type.pk is None
    _clean_fields(activity_type)
    taken = ActivityType.objects.filter(code=activity_type.code).exclude(pk=activity_type.pk)
    if taken.exists():
        raise ServiceError(
            "activity_type_code_taken", _("该代码已被其他活动类型使用"), field="code"
        )
    activity_type.save()
    activity_type.log_action(
        "sanwei.activity_type.created" if created else "sanwei.activity_type.changed",
        user=user,
        data={"code": activity_type.code, "name": activity_type.name},
    )
    return activity_type


def delete_activity_type(activity_type: ActivityType, *, user=None) -> None:
    require(user, CHANGE_ACTIVITY_TYPES)
    in_use = Activity.unscoped.filter(activity_type_id=activity_type.pk).count()
    if in_use:
        raise ServiceError(
            "activity_type_in_use",
            _("活动类型“%(name)s”已有%(count)s场活动使用，不能删除，可改为停用")
            % {"name": activity_type.name, "count": in_use},
        )
    activity_type.delete_logged(
        "sanwei.activity_type.deleted",
        user=user,
        data={"code": activity_type.code},
        in_use_code="activity_type_in_use",
        in_use_message=_("活动类型“%(name)s”已被使用，不能删除") % {"name": activity_type.name},
    )


# --------------------------------------------------------------------------- activities


def check_activity(activity: Activity, *, user=None) -> None:
    """The rules of one activity, each refusal naming its form field."""
    check_times(activity.starts_at, activity.ends_at)
    if not rules.may_change_activity(user, activity):
        raise ServiceError(
            "region_out_of_scope", _("所选区划不在您可以管理的范围内"), field="region"
        )
    campaign = activity.campaign
    if not activity.region.path.startswith(campaign.region.path):
        raise ServiceError(
            "activity_outside_campaign",
            _("活动所在区划不在专题“%(campaign)s”的范围（%(region)s）内")
            % {"campaign": campaign.name, "region": campaign.region.name},
            field="region",
        )
    team = activity.organising_team
    if team is not None and not in_user_scope(user, team.region):
        raise ServiceError(
            "team_out_of_scope", _("所选组织队伍不在您的管辖范围内"), field="organising_team"
        )
    main = activity.main_session
    if main is not None:
        if activity.pk is not None and main.pk == activity.pk:
            raise ServiceError(
                "sub_venue_self", _("活动不能作为自己的主会场"), field="main_session"
            )
        if main.main_session_id is not None:
            raise ServiceError(
                "sub_venue_of_sub_venue",
                _("“%(title)s”本身是分会场，不能作为主会场") % {"title": main.title},
                field="main_session",
            )
        if main.campaign_id != activity.campaign_id:
            raise ServiceError(
                "sub_venue_other_campaign",
                _("分会场与主会场必须属于同一专题"),
                field="main_session",
            )
        if (
            activity.pk is not None
            and Activity.unscoped.filter(main_session_id=activity.pk).exists()
        ):
            raise ServiceError(
                "main_session_cannot_be_sub_venue",
                _("本活动已有分会场，不能再作为其他活动的分会场"),
                field="main_session",
            )
    if activity.audience_headcount is not None and activity.audience_headcount < 0:
        raise ServiceError("headcount_negative", _("人数不能为负数"), field="audience_headcount")


@transaction.atomic
def save_activity(activity: Activity, *, user=None) -> Activity:
    """Create or change an activity after checking every rule; nothing is saved on error."""
    created = activity.pk is None
    if created:
        require_that(rules.may_change_activity(user, activity), CHANGE_ACTIVITIES)
        activity.created_by = user_or_none(user)
        type_changed = True
    else:
        locked = Activity.unscoped.select_for_update().select_related("region")
        before = locked.get(pk=activity.pk)
        require_that(rules.may_change_activity(user, before), CHANGE_ACTIVITIES)
        type_changed = before.activity_type_id != activity.activity_type_id
    _clean_fields(activity, exclude=["code", "created_by"])
    if type_changed and not activity.activity_type.is_active:
        raise ServiceError(
            "activity_type_inactive",
            _("活动类型“%(name)s”已停用") % {"name": activity.activity_type.name},
            field="activity_type",
        )
    check_activity(activity, user=user)
    if activity.main_session_id is not None:
        # Lock the main session: a sub-venue may not be attached while it becomes one.
        main = Activity.unscoped.select_for_update().get(pk=activity.main_session_id)
        if main.main_session_id is not None:
            raise ServiceError(
                "sub_venue_of_sub_venue",
                _("“%(title)s”本身是分会场，不能作为主会场") % {"title": main.title},
                field="main_session",
            )
    activity.save()
    activity.log_action(
        "sanwei.activity.created" if created else "sanwei.activity.changed",
        user=user,
        data={
            "title": activity.title,
            "type": activity.activity_type.code,
            "region": activity.region.code,
            "campaign": activity.campaign_id,
        },
    )
    return activity


def delete_activity(activity: Activity, *, user=None) -> None:
    require_that(rules.may_change_activity(user, activity), CHANGE_ACTIVITIES)
    subs = Activity.unscoped.filter(main_session_id=activity.pk).count()
    if subs:
        raise ServiceError(
            "activity_in_use",
            _("活动“%(title)s”有%(count)s个分会场，不能删除；请先删除分会场或解除其主会场")
            % {"title": activity.title, "count": subs},
        )
    files = [a.file.name for a in ActivityAttachment.unscoped.filter(activity=activity)]
    try:
        with transaction.atomic():
            activity.log_action(
                "sanwei.activity.deleted",
                user=user,
                data={"title": activity.title, "code": activity.code},
            )
            activity.delete()
            transaction.on_commit(lambda: _remove_files(files))
    except ProtectedError as e:
        raise ServiceError(
            "activity_in_use",
            _("活动“%(title)s”已被其他记录引用，不能删除") % {"title": activity.title},
        ) from e


@dataclass
class ActivityCounts:
    by_role: list[tuple[str, str, int]]
    registered: int
    audience_registered: int
    audience_headcount: int
    audience_person_times: int
    person_times: int
    volunteer_hours: Decimal


def activity_counts(activity_ids: list[int], headcount: int) -> ActivityCounts:
    """Counts over activities (one, or a main session with its sub-venues)."""
    attendances = Attendance.unscoped.filter(activity_id__in=activity_ids)
    per_role = dict(attendances.values_list("role").annotate(n=Count("id")).order_by())
    by_role = [(v, label, per_role.get(v, 0)) for v, label in AttendanceRole.choices]
    registered = sum(per_role.values())
    audience = per_role.get(AttendanceRole.AUDIENCE, 0)
    hours = attendances.filter(role=AttendanceRole.VOLUNTEER).aggregate(s=Sum("hours"))["s"]
    return ActivityCounts(
        by_role=by_role,
        registered=registered,
        audience_registered=audience,
        audience_headcount=headcount,
        audience_person_times=audience + headcount,
        person_times=registered + headcount,
        volunteer_hours=hours or Decimal(0),
    )


def counts_for(activity: Activity) -> ActivityCounts:
    return activity_counts([activity.pk], activity.audience_headcount)


@transaction.atomic
def set_audience_headcount(activity: Activity, headcount: int, *, user=None) -> Activity:
    require_that(rules.may_record_attendance(user, activity), RECORD_ATTENDANCE)
    if headcount is None or headcount < 0:
        raise ServiceError("headcount_negative", _("人数不能为负数"), field="audience_headcount")
    locked = Activity.unscoped.select_for_update().get(pk=activity.pk)
    before = locked.audience_headcount
    Activity.unscoped.filter(pk=activity.pk).update(audience_headcount=headcount)
    activity.audience_headcount = headcount
    activity.log_action(
        "sanwei.activity.headcount_changed",
        user=user,
        data={"before": before, "after": headcount},
    )
    return activity


# --------------------------------------------------------------------------- attendance


@transaction.atomic
def record_attendance(
    activity: Activity,
    person,
    role: str = AttendanceRole.AUDIENCE,
    hours: Decimal | int | float | str = 0,
    via: str = RecordedVia.MANUAL,
    user=None,
) -> Attendance:
    """Record that `person` took part in `activity` as `role`; once per person and role."""
    require_that(rules.may_record_attendance(user, activity), RECORD_ATTENDANCE)
    if not in_user_scope(user, person.region):
        raise ServiceError("person_out_of_scope", _("该群众不在您的管辖范围内"), field="person")
    if role not in AttendanceRole.values:
        raise ServiceError("attendance_role", _("请选择有效的身份"), field="role")
    if via not in RecordedVia.values:
        raise ServiceError("attendance_via", _("请选择有效的登记方式"), field="via")
    try:
        hours = Decimal(str(hours if hours not in (None, "") else 0)).quantize(Decimal("0.1"))
    except ArithmeticError as e:
        raise ServiceError("attendance_hours", _("时长应为数字"), field="hours") from e
    if not Decimal(0) <= hours <= MAX_ATTENDANCE_HOURS:
        raise ServiceError("attendance_hours", _("时长应在0到24小时之间"), field="hours")
    # Serialise attendance on this activity: the duplicate check and the insert are one step.
    Activity.unscoped.select_for_update().get(pk=activity.pk)
    duplicate = Attendance.unscoped.filter(activity=activity, person=person, role=role)
    if duplicate.exists():
        raise ServiceError(
            "attendance_duplicate",
            _("该群众已登记为本活动的%(role)s") % {"role": AttendanceRole(role).label},
            field="person",
        )
    try:
        with transaction.atomic():
            attendance = Attendance.unscoped.create(
                activity=activity,
                person=person,
                role=role,
                hours=hours,
                recorded_via=via,
                recorded_by=user_or_none(user),
            )
    except IntegrityError as e:
        if violated_constraint(e) != "one_attendance_per_person_role":
            raise
        raise ServiceError(
            "attendance_duplicate",
            _("该群众已登记为本活动的%(role)s") % {"role": AttendanceRole(role).label},
            field="person",
        ) from e
    attendance.log_action(
        "sanwei.attendance.recorded",
        user=user,
        data={
            "activity": activity.code,
            "person": person.pk,
            "role": role,
            "hours": str(hours),
            "via": via,
        },
    )
    return attendance


@transaction.atomic
def record_attendances(
    activity: Activity,
    persons,
    role: str = AttendanceRole.AUDIENCE,
    via: str = RecordedVia.MANUAL,
    user=None,
) -> tuple[int, int]:
    """The bulk twin of `record_attendance` (roster ticking, whole households, sign-in
    sheets): the same checks, one lock on the activity, one insert and one log entry for
    the batch. People already recorded in `role` are skipped, not refused; a person
    outside the user's scope refuses the whole batch. Returns (created, already)."""
    require_that(rules.may_record_attendance(user, activity), RECORD_ATTENDANCE)
    unique = list({p.pk: p for p in persons}.values())
    for person in unique:
        if not in_user_scope(user, person.region):
            raise ServiceError(
                "person_out_of_scope",
                _("%(name)s不在您的管辖范围内") % {"name": person.name},
                field="person",
            )
    if role not in AttendanceRole.values:
        raise ServiceError("attendance_role", _("请选择有效的身份"), field="role")
    if via not in RecordedVia.values:
        raise ServiceError("attendance_via", _("请选择有效的登记方式"), field="via")
    Activity.unscoped.select_for_update().get(pk=activity.pk)
    ids = [p.pk for p in unique]
    recorded = set(
        Attendance.unscoped.filter(activity=activity, role=role, person_id__in=ids).values_list(
            "person_id", flat=True
        )
    )
    new = [
        Attendance(
            activity=activity,
            person=person,
            role=role,
            recorded_via=via,
            recorded_by=user_or_none(user),
        )
        for person in unique
        if person.pk not in recorded
    ]
    try:
        with transaction.atomic():
            Attendance.unscoped.bulk_create(new, batch_size=500)
    except IntegrityError as e:
        if violated_constraint(e) != "one_attendance_per_person_role":
            raise
        raise ServiceError(
            "attendance_duplicate", _("有群众刚刚被登记过，请刷新后重试"), field="person"
        ) from e
    if new:
        activity.log_action(
            "sanwei.attendance.recorded_many",
            user=user,
            data={
                "activity": activity.code,
                "persons": [a.person_id for a in new],
                "role": role,
                "via": via,
            },
        )
    return len(new), len(recorded)


@transaction.atomic
def remove_attendance(attendance: Attendance, *, user=None) -> None:
    activity = attendance.activity
    require_that(rules.may_record_attendance(user, activity), RECORD_ATTENDANCE)
    Activity.unscoped.select_for_update().get(pk=activity.pk)
    attendance.log_action(
        "sanwei.attendance.removed",
        user=user,
        data={"activity": activity.code, "person": attendance.person_id, "role": attendance.role},
    )
    attendance.delete()


# --------------------------------------------------------------------------- attachments


def attachment_too_large() -> ServiceError:
    return ServiceError(
        "attachment_too_large",
        _("文件过大：不能超过%(size)s") % {"size": format_size(settings.ATTACHMENT_MAX_BYTES)},
        field="file",
    )


def check_upload(uploaded) -> CheckedUpload:
    """Refuse a file that is empty, too large, of a type not allowed, not what its
    extension says, or carrying markup, scripts or macros (`core.uploads.check_upload`,
    kind ATTACHMENT). Returns the format found and the original name."""
    return check_file(uploaded, ATTACHMENT)


@transaction.atomic
def add_attachment(activity: Activity, uploaded, *, user=None) -> ActivityAttachment:
    require_that(rules.may_change_activity(user, activity), CHANGE_ACTIVITIES)
    checked = check_upload(uploaded)
    original = checked.original_name
    attachment = ActivityAttachment(activity=activity, original_name=original, size=checked.size)
    attachment.file.save(checked.stored_as, uploaded, save=False)
    stored = attachment.file.name
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    attachment.log_action(
        "sanwei.attachment.added",
        user=user,
        data={"activity": activity.code, "name": original, "size": attachment.size},
    )
    return attachment


def delete_attachment(attachment: ActivityAttachment, *, user=None) -> None:
    require_that(rules.may_change_activity(user, attachment.activity), CHANGE_ACTIVITIES)
    name = attachment.file.name
    with transaction.atomic():
        attachment.log_action(
            "sanwei.attachment.deleted",
            user=user,
            data={"activity": attachment.activity.code, "name": attachment.original_name},
        )
        attachment.delete()
        transaction.on_commit(lambda: _remove_files([name]))


def _remove_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        if name:
            default_storage.delete(name)


__all__ = [
    "ActivityCounts",
    "CampaignSummary",
    "ServiceError",
    "activity_counts",
    "add_attachment",
    "campaign_summary",
    "check_activity",
    "check_dates",
    "check_times",
    "check_upload",
    "counts_for",
    "delete_activity",
    "delete_activity_type",
    "delete_attachment",
    "delete_campaign",
    "in_user_scope",
    "record_attendance",
    "remove_attendance",
    "save_activity",
    "save_activity_type",
    "save_campaign",
    "set_audience_headcount",
]
