"""Rules of volunteer (service) activities: categories, an activity's service details, and
sign-ups with their limit and waiting list.

Writes take `user=` and check it first; None and anonymous users are refused, the system
passes `SYSTEM`. Every sign-up and cancellation locks the activity row
(`select_for_update`), so counting the places taken and taking one are one step: two
volunteers asking for the last place at once get it and a waiting place, never both it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import require, require_that
from sanwei.activities import services as activities
from sanwei.activities.models import Activity, Attendance, AttendanceRole, Pillar
from sanwei.activities.permissions import CHANGE_ACTIVITIES, RECORD_ATTENDANCE
from sanwei.activities.rules import may_change_activity, may_record_attendance
from sanwei.core.db import violated_constraint
from sanwei.core.errors import ServiceError
from sanwei.core.models import user_or_none
from sanwei.regions.models import PATH_LENGTH, RegionLevel
from sanwei.teams.models import Team, TeamKind
from sanwei.volunteers.models import VolunteerProfile

from . import rules
from .models import ACTIVE_STATUSES, ServiceActivity, ServiceCategory, SignUp, SignUpStatus
from .permissions import CHANGE_SERVICE_CATEGORIES, MANAGE_SIGNUPS

SERVICE_TEAM_KINDS = (TeamKind.SQUAD, TeamKind.SQUADRON)
MAX_DEFAULT_HOURS = Decimal(24)

# --------------------------------------------------------------------------- categories


@transaction.atomic
def save_category(category: ServiceCategory, *, user=None) -> ServiceCategory:
    """Create or change a service category (town admins)."""
    require(user, CHANGE_SERVICE_CATEGORIES)
    created = category.pk is None
    try:
        category.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as e:
        name, messages = next(iter(e.message_dict.items()))
        raise ServiceError(
            "invalid", "；".join(messages), field=None if name == "__all__" else name
        ) from e
    if ServiceCategory.objects.filter(code=category.code).exclude(pk=category.pk).exists():
        raise ServiceError("category_code_taken", _("该代码已被其他服务类别使用"), field="code")
    category.save()
    category.log_action(
        "sanwei.service_category.created" if created else "sanwei.service_category.changed",
        user=user,
        data={"code": category.code, "name": category.name},
    )
    return category


def delete_category(category: ServiceCategory, *, user=None) -> None:
    """Delete a category no activity uses (a used one can be switched off instead)."""
    require(user, CHANGE_SERVICE_CATEGORIES)
    in_use = ServiceActivity.unscoped.filter(category_id=category.pk).count()
    if in_use:
        raise ServiceError(
            "category_in_use",
            _("服务类别“%(name)s”已有%(count)s场活动使用，不能删除，可改为停用")
            % {"name": category.name, "count": in_use},
        )
    category.delete_logged(
        "sanwei.service_category.deleted",
        user=user,
        data={"code": category.code},
        in_use_code="category_in_use",
        in_use_message=_("服务类别“%(name)s”已被使用，不能删除") % {"name": category.name},
    )


# --------------------------------------------------------------------------- service details


def _town_path(region) -> str:
    return region.path[: PATH_LENGTH[RegionLevel.TOWN]]


def check_squad(activity: Activity, squad: Team | None) -> None:
    """A service activity is run by a volunteer squad (小队) or the squadron (中队) of the
    activity's town."""
    if squad is None:
        raise ServiceError("squad_required", _("请选择负责的志愿服务小队"), field="squad")
    if squad.kind not in SERVICE_TEAM_KINDS:
        raise ServiceError(
            "squad_not_volunteer_team",
            _("“%(name)s”不是志愿服务小队或中队") % {"name": squad.name},
            field="squad",
        )
    if not squad.region.path.startswith(_town_path(activity.region)):
        raise ServiceError(
            "squad_other_town",
            _("“%(name)s”不是本镇的志愿服务队伍") % {"name": squad.name},
            field="squad",
        )


@transaction.atomic
def save_service_activity(
    activity: Activity,
    *,
    category: ServiceCategory,
    signup_limit: int | None,
    place: str,
    squad: Team | None,
    user=None,
) -> ServiceActivity:
    """Give a 微服务 activity (any type of that pillar: 志愿服务, 主题党日, 民情恳谈会 …) its
    category, sign-up limit, place and squad. The place and the squad are the activity's
    own fields, saved through `activities.services.save_activity`. Raising the limit
    moves the first waiting volunteers up; a limit below the places taken is refused."""
    require_that(may_change_activity(user, activity), CHANGE_ACTIVITIES)
    locked = (
        Activity.unscoped.select_for_update().select_related("activity_type").get(pk=activity.pk)
    )
    if locked.activity_type.pillar != Pillar.SERVICE:
        raise ServiceError(
            "not_a_service_activity",
            _("只有微服务板块的活动可以设置服务类别和报名"),
            field="activity_type",
        )
    if category is None:
        raise ServiceError("category_required", _("请选择服务类别"), field="category")
    service = ServiceActivity.unscoped.filter(activity=activity).first()
    if not category.is_active and (service is None or service.category_id != category.pk):
        raise ServiceError(
            "category_inactive",
            _("服务类别“%(name)s”已停用") % {"name": category.name},
            field="category",
        )
    if signup_limit is not None and signup_limit < 1:
        raise ServiceError("signup_limit", _("报名人数上限至少为1人"), field="signup_limit")
    place = (place or "").strip()
    if not place:
        raise ServiceError("place_required", _("请填写服务地点"), field="place")
    check_squad(activity, squad)
    taken = _signed_up(activity).count()
    if signup_limit is not None and signup_limit < taken:
        raise ServiceError(
            "signup_limit_below_taken",
            _("已有%(count)s人报名，上限不能少于%(count)s人") % {"count": taken},
            field="signup_limit",
        )
    activity.place = place
    activity.organising_team = squad
    activities.save_activity(activity, user=user)
    created = service is None
    if created:
        service = ServiceActivity(activity=activity)
    service.category = category
    service.signup_limit = signup_limit
    service.save()
    service.log_action(
        "sanwei.service_activity.created" if created else "sanwei.service_activity.changed",
        user=user,
        data={
            "activity": activity.code,
            "category": category.code,
            "signup_limit": signup_limit,
            "squad": squad.pk,
        },
    )
    _fill_places(activity, service, user=user)
    return service


# --------------------------------------------------------------------------- sign-ups


def _signed_up(activity: Activity):
    return SignUp.unscoped.filter(activity=activity, status=SignUpStatus.SIGNED_UP)


def _waiting(activity: Activity):
    return SignUp.unscoped.filter(activity=activity, status=SignUpStatus.WAITING).order_by("id")


def waiting_position(signup: SignUp) -> int | None:
    """1 for the first on the waiting list; None when not waiting."""
    if signup.status != SignUpStatus.WAITING:
        return None
    return _waiting(signup.activity_id).filter(id__lt=signup.pk).count() + 1


def _places_free(service: ServiceActivity, activity: Activity) -> int | None:
    """Places still free (None: no limit)."""
    if service.signup_limit is None:
        return None
    return max(service.signup_limit - _signed_up(activity).count(), 0)


def _fill_places(activity: Activity, service: ServiceActivity, *, user) -> list[SignUp]:
    """Move the first waiting volunteers up into the free places, in order; each move is
    logged. The caller holds the activity's lock."""
    free = _places_free(service, activity)
    waiting = _waiting(activity).select_related("person")
    moved = list(waiting if free is None else waiting[:free])
    now = timezone.now()
    for signup in moved:
        signup.status = SignUpStatus.SIGNED_UP
        signup.promoted_at = now
        signup.save(update_fields=["status", "promoted_at"])
        signup.log_action(
            "sanwei.signup.promoted",
            user=user,
            data={"activity": activity.code, "person": signup.person_id},
        )
    return moved


def _open_service(activity: Activity) -> ServiceActivity:
    """The activity's service details, refusing an activity without them or already begun."""
    service = ServiceActivity.unscoped.filter(activity=activity).first()
    if service is None:
        raise ServiceError("signup_not_open", _("本活动未开放报名"))
    if activity.starts_at <= timezone.now():
        raise ServiceError("signup_closed", _("活动已开始，报名已截止"))
    return service


def _duplicate(person, signup: SignUp | None) -> ServiceError:
    if signup is not None and signup.status == SignUpStatus.WAITING:
        message = _("%(name)s已在本活动的候补名单中（第%(position)s位），不能重复报名") % {
            "name": person.name,
            "position": waiting_position(signup),
        }
    else:
        message = _("%(name)s已报名本活动，不能重复报名") % {"name": person.name}
    return ServiceError("signup_duplicate", message, field="person")


@transaction.atomic
def sign_up(activity: Activity, person, *, user=None) -> SignUp:
    """Sign `person` (a registered volunteer still serving) up for `activity`: a place
    while the limit allows, else the end of the waiting list. Once per volunteer and
    activity while signed up or waiting. Returns the sign-up with `position` set (its
    place on the waiting list, or None)."""
    require_that(rules.may_sign_up(user, activity, person), MANAGE_SIGNUPS)
    locked = Activity.unscoped.select_for_update().get(pk=activity.pk)
    service = _open_service(locked)
    profile = VolunteerProfile.unscoped.filter(person=person).first()
    if profile is None or not profile.is_active:
        raise ServiceError(
            "not_a_volunteer",
            _("%(name)s不是登记在册的志愿者，不能报名") % {"name": person.name},
            field="person",
        )
    existing = SignUp.unscoped.filter(activity=activity, person=person, status__in=ACTIVE_STATUSES)
    if existing.exists():
        raise _duplicate(person, existing.first())
    free = _places_free(service, locked)
    status = SignUpStatus.SIGNED_UP if free is None or free > 0 else SignUpStatus.WAITING
    try:
        with transaction.atomic():
            signup = SignUp.unscoped.create(
                activity=activity, person=person, status=status, created_by=user_or_none(user)
            )
    except IntegrityError as e:
        if violated_constraint(e) != "one_active_signup_per_volunteer":
            raise
        raise _duplicate(person, None) from e
    signup.position = waiting_position(signup)
    signup.log_action(
        "sanwei.signup.signed_up" if status == SignUpStatus.SIGNED_UP else "sanwei.signup.waiting",
        user=user,
        data={"activity": activity.code, "person": person.pk, "position": signup.position},
    )
    return signup


@transaction.atomic
def cancel_signup(signup: SignUp, *, user=None) -> list[SignUp]:
    """Cancel a place or a waiting entry (kept, marked cancelled). A place given up goes
    to the first on the waiting list, whose move is logged. Returns those moved up."""
    activity = signup.activity
    require_that(rules.may_sign_up(user, activity, signup.person), MANAGE_SIGNUPS)
    locked = Activity.unscoped.select_for_update().get(pk=activity.pk)
    row = SignUp.unscoped.select_for_update().get(pk=signup.pk)
    if row.status == SignUpStatus.CANCELLED:
        raise ServiceError("signup_cancelled", _("该报名已取消"))
    if locked.starts_at <= timezone.now():
        raise ServiceError("signup_closed", _("活动已开始，不能再取消报名"))
    before = row.status
    row.status = SignUpStatus.CANCELLED
    row.cancelled_at = timezone.now()
    row.cancelled_by = user_or_none(user)
    row.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    row.log_action(
        "sanwei.signup.cancelled",
        user=user,
        data={"activity": activity.code, "person": row.person_id, "was": before},
    )
    signup.status, signup.cancelled_at = row.status, row.cancelled_at
    moved = []
    if before == SignUpStatus.SIGNED_UP:
        service = ServiceActivity.unscoped.get(activity=activity)
        moved = _fill_places(locked, service, user=user)
    return moved


def default_hours(activity: Activity) -> Decimal:
    """The activity's length in hours (0.1 h steps, at most 24): what a signed-up
    volunteer is recorded with until the organiser changes it."""
    seconds = (activity.ends_at - activity.starts_at).total_seconds()
    hours = Decimal(seconds / 3600).quantize(Decimal("0.1"))
    return min(max(hours, Decimal(0)), MAX_DEFAULT_HOURS)


@transaction.atomic
def record_signed_up(activity: Activity, *, user=None) -> tuple[int, int]:
    """The organiser records every signed-up volunteer as a volunteer attendance of the
    activity (hours: the activity's length), through the one attendance writer; the hours
    then wait for the organiser's confirmation like any other. Only once the activity
    has started; those already recorded are skipped. Returns (recorded, already)."""
    require_that(may_record_attendance(user, activity), RECORD_ATTENDANCE)
    locked = Activity.unscoped.select_for_update().get(pk=activity.pk)
    if locked.starts_at > timezone.now():
        raise ServiceError("activity_not_started", _("活动尚未开始，不能登记参与"))
    signed = list(_signed_up(activity).select_related("person", "person__region").order_by("id"))
    recorded = set(
        Attendance.unscoped.filter(
            activity=activity,
            role=AttendanceRole.VOLUNTEER,
            person_id__in=[s.person_id for s in signed],
        ).values_list("person_id", flat=True)
    )
    hours = default_hours(activity)
    new = 0
    for signup in signed:
        if signup.person_id in recorded:
            continue
        activities.record_attendance(
            activity, signup.person, role=AttendanceRole.VOLUNTEER, hours=hours, user=user
        )
        new += 1
    return new, len(recorded)


# --------------------------------------------------------------------------- reads


@dataclass
class SignUpLists:
    """An activity's sign-ups: places taken, the waiting list in order (with positions),
    and how many places are free (None: no limit)."""

    service: ServiceActivity | None
    signed_up: list[SignUp]
    waiting: list[SignUp]
    free: int | None

    @property
    def limit(self) -> int | None:
        return self.service.signup_limit if self.service else None

    @property
    def is_full(self) -> bool:
        return self.free == 0


def signup_lists(activity: Activity) -> SignUpLists:
    """Reads through the unscoped managers: the caller has already fetched the activity
    through its scope."""
    service = ServiceActivity.unscoped.filter(activity=activity).select_related("category").first()
    rows = list(
        SignUp.unscoped.filter(activity=activity, status__in=ACTIVE_STATUSES)
        .select_related("person", "person__region", "created_by")
        .order_by("id")
    )
    signed = [r for r in rows if r.status == SignUpStatus.SIGNED_UP]
    waiting = [r for r in rows if r.status == SignUpStatus.WAITING]
    for position, row in enumerate(waiting, start=1):
        row.position = position
    for row in signed:
        row.position = None
    free = None
    if service is not None and service.signup_limit is not None:
        free = max(service.signup_limit - len(signed), 0)
    return SignUpLists(service=service, signed_up=signed, waiting=waiting, free=free)


def own_signup(activity: Activity, person) -> SignUp | None:
    """The person's active sign-up for the activity (with `position`), or None."""
    if person is None:
        return None
    signup = SignUp.unscoped.filter(
        activity=activity, person=person, status__in=ACTIVE_STATUSES
    ).first()
    if signup is not None:
        signup.position = waiting_position(signup)
    return signup
