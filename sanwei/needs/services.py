"""Rules of needs: registering one, and its loop.

The loop is one explicit table, `TRANSITIONS` (action → states it may start from → state
it leads to), and one function that moves a need, `_transition`: it locks the row,
re-checks the state on the locked row, refuses an illegal move with
`need_illegal_transition` (naming the states), or `need_conflict` when someone moved it
meanwhile, writes a `NeedEvent` and logs.

    reported ──accept──▶ accepted ──dispatch / take──▶ dispatched ──start──▶ in_progress
       │  └──reject──▶ rejected      ▲   │                  │                    │
       └──refer──▶ referred ◀──refer─┘   └──────give_back───┴────────────────────┘
    dispatched / in_progress ──resolve──▶ resolved ──rate──▶ rated ──close──▶ closed
                                             └──────────close─────────────────▲

`give_back` returns a dispatched or in-progress need to `accepted` (the assignee is
cleared), and it is dispatched again. `close` also closes a resolved need the resident
never rated. A rating of an unresolved need or a second rating gets its own message.

Every write takes `user=` and checks it first (`rules.py`); None and anonymous users
are refused, the system passes `SYSTEM`. The public rating (`rate_by_code`) needs no
user: the tracking code is the resident's key.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanwei.accounts.permissions import SYSTEM, require, require_that
from sanwei.core.errors import ServiceError
from sanwei.core.models import user_or_none
from sanwei.core.transitions import Transition, move

from . import rules
from .models import (
    NEED_MAX_CHARS,
    Need,
    NeedCategory,
    NeedEvent,
    NeedHours,
    NeedResolution,
    NeedSource,
    NeedState,
    Urgency,
)
from .permissions import HANDLE_NEEDS, REGISTER_NEEDS, WORK_NEEDS

S = NeedState


class Action:
    ACCEPT = "accept"
    REJECT = "reject"
    REFER = "refer"
    DISPATCH = "dispatch"
    TAKE = "take"
    START = "start"
    GIVE_BACK = "give_back"
    RESOLVE = "resolve"
    RATE = "rate"
    CLOSE = "close"


ACTION_LABELS = {
    Action.ACCEPT: gettext_lazy("受理"),
    Action.REJECT: gettext_lazy("不予受理"),
    Action.REFER: gettext_lazy("上报"),
    Action.DISPATCH: gettext_lazy("派单"),
    Action.TAKE: gettext_lazy("接单"),
    Action.START: gettext_lazy("开始办理"),
    Action.GIVE_BACK: gettext_lazy("退单"),
    Action.RESOLVE: gettext_lazy("办结"),
    Action.RATE: gettext_lazy("评价"),
    Action.CLOSE: gettext_lazy("归档"),
}


TRANSITIONS: dict[str, Transition] = {
    Action.ACCEPT: Transition(frozenset({S.REPORTED}), S.ACCEPTED),
    Action.REJECT: Transition(frozenset({S.REPORTED}), S.REJECTED),
    Action.REFER: Transition(frozenset({S.REPORTED, S.ACCEPTED}), S.REFERRED),
    Action.DISPATCH: Transition(frozenset({S.ACCEPTED}), S.DISPATCHED),
    Action.TAKE: Transition(frozenset({S.ACCEPTED}), S.DISPATCHED),
    Action.START: Transition(frozenset({S.DISPATCHED}), S.IN_PROGRESS),
    Action.GIVE_BACK: Transition(frozenset({S.DISPATCHED, S.IN_PROGRESS}), S.ACCEPTED),
    Action.RESOLVE: Transition(frozenset({S.DISPATCHED, S.IN_PROGRESS}), S.RESOLVED),
    Action.RATE: Transition(frozenset({S.RESOLVED}), S.RATED),
    Action.CLOSE: Transition(frozenset({S.RESOLVED, S.RATED}), S.CLOSED),
}

# States in which the need is still being worked on (its time limit runs).
OPEN_STATES = frozenset({S.REPORTED, S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS})
MAX_HOURS = Decimal("24")


def allowed_actions(state: str) -> list[str]:
    """The table's actions that may start from `state`, in the table's order."""
    return [action for action, t in TRANSITIONS.items() if state in t.sources]


def _state_label(state: str) -> str:
    return str(NeedState(state).label)


def _inside(region, inner) -> bool:
    return inner.path.startswith(region.path) or region.path.startswith(inner.path)


def time_limit(urgency: str) -> dt.timedelta:
    """The time limit of an urgency (settings.NEED_TIME_LIMIT_DAYS, in days)."""
    return dt.timedelta(days=settings.NEED_TIME_LIMIT_DAYS[urgency])


def clean_text(text: str | None, *, field: str, what: str, required: bool = True) -> str:
    text = (text or "").strip()
    if not text and required:
        raise ServiceError(f"{field}_required", _("请填写%(what)s") % {"what": what}, field=field)
    if "\x00" in text:
        raise ServiceError(
            f"{field}_invalid", _("%(what)s含有无效字符") % {"what": what}, field=field
        )
    if len(text) > NEED_MAX_CHARS:
        raise ServiceError(
            f"{field}_too_long",
            _("%(what)s不能超过%(n)d个字") % {"what": what, "n": NEED_MAX_CHARS},
            field=field,
        )
    return text


@transaction.atomic
def register_need(
    *,
    user,
    region,
    description: str,
    category: NeedCategory | None,
    source: str,
    urgency: str = Urgency.NORMAL,
    household=None,
    person=None,
    source_opinion=None,
    photo=None,
    log_data: dict | None = None,
) -> Need:
    """Register a reported need in `region`. Refused: a caller who is neither staff with
    REGISTER_NEEDS on the region nor a squad volunteer of its town (403); an empty or overlong description; no or an inactive category; a
    household or person outside the region; an opinion already converted. `log_data` is
    added to the log entry (the Open311 interface names the API token)."""
    require_that(rules.may_register(user, region), REGISTER_NEEDS)
    description = clean_text(description, field="description", what=_("需求内容"))
    if category is None or not category.is_active:
        raise ServiceError("category_required", _("请选择需求类别"), field="category")
    if urgency not in Urgency.values:
        raise ServiceError("urgency_invalid", _("请选择紧急程度"), field="urgency")
    if source not in NeedSource.values:
        raise ServiceError("source_invalid", _("请选择需求来源"), field="source")
    for name, obj in (("household", household), ("person", person)):
        if obj is not None and not _inside(region, obj.region):
            raise ServiceError(
                f"{name}_outside_region",
                _("所选%(what)s不在%(region)s")
                % {"what": _("户") if name == "household" else _("群众"), "region": region.name},
                field=name,
            )
    if photo is not None:
        check_photo(photo)
    if household is None and person is not None:
        household = person.household
    need = Need(
        region=region,
        household=household,
        person=person,
        description=description,
        category=category,
        urgency=urgency,
        source=source,
        source_opinion=source_opinion,
        due_at=timezone.now() + time_limit(urgency),
        created_by=user_or_none(user),
    )
    if source_opinion is not None and Need.unscoped.filter(source_opinion=source_opinion).exists():
        # The caller (seminar.services.convert_to_need) holds the opinion's row lock; the
        # one-to-one's unique index is the last guard.
        raise ServiceError("opinion_already_converted", _("该意见已转为需求，不能重复转换"))
    if photo is not None:
        need.photo = photo
    need.save()
    NeedEvent.unscoped.create(
        need=need, action="register", from_state=S.REPORTED, to_state=S.REPORTED,
        user=user_or_none(user),
    )  # fmt: skip
    need.log_action(
        "sanwei.need.registered",
        user=user,
        data={
            "source": source,
            "category": category.code,
            "urgency": urgency,
            "opinion": getattr(source_opinion, "pk", None),
            **(log_data or {}),
        },
    )
    return need


def check_photo(upload) -> None:
    """A jpg or png that Pillow can read, within settings.NEED_PHOTO_MAX_BYTES, with no
    markup or script in it (`core.uploads.check_upload`); anything else is refused before
    anything is written. The upload is renamed to the format found (the stored name is
    random: `models.need_photo_path`)."""
    from sanwei.core.uploads import NEED_PHOTO, check_upload

    upload.name = check_upload(upload, NEED_PHOTO, field="photo").stored_as


def _illegal(action: str, state: str) -> ServiceError:
    if action == Action.RATE and state in (S.RATED, S.CLOSED):
        return ServiceError("need_already_rated", _("该需求已经评价过，不能重复评价"))
    if action == Action.RATE:
        return ServiceError(
            "need_not_resolved",
            _("该需求现为“%(state)s”，尚未解决，不能评价") % {"state": _state_label(state)},
        )
    sources = TRANSITIONS[action].sources
    allowed = "、".join(f"“{_state_label(s)}”" for s in NeedState.values if s in sources)
    return ServiceError(
        "need_illegal_transition",
        _("该需求现为“%(state)s”，不能%(action)s（只有%(allowed)s的需求可以%(action)s）")
        % {"state": _state_label(state), "action": ACTION_LABELS[action], "allowed": allowed},
    )


def _conflict(locked: Need) -> ServiceError:
    if locked.state in (S.RATED, S.CLOSED) and locked.rated_at is not None:
        return ServiceError("need_already_rated", _("该需求已经评价过，不能重复评价"))
    return ServiceError(
        "need_conflict",
        _("该需求刚刚被他人处理，现为“%(state)s”，请刷新后再试")
        % {"state": _state_label(locked.state)},
    )


def _transition(
    need: Need,
    action: str,
    user,
    *,
    note: str = "",
    log_data: dict | None = None,
    recheck=None,
    after=None,
    **changes,
) -> Need:
    """Move `need` by `action` (core.transitions.move): `recheck(locked)` is asked again on
    the locked row, `after(locked)` writes the rows that hang on the move."""
    transition = TRANSITIONS[action]
    return move(
        need,
        action,
        source_states=transition.sources,
        target=transition.target,
        user=user,
        event_model=NeedEvent,
        event_field="need",
        log_prefix="sanwei.need",
        conflict=_conflict,
        illegal=lambda state: _illegal(action, state),
        recheck=recheck,
        after=after,
        note=note,
        log_data=log_data,
        changes=changes,
    )


def accept(need: Need, *, user) -> Need:
    require(user, HANDLE_NEEDS, need.region)
    return _transition(need, Action.ACCEPT, user)


def reject(need: Need, *, user, reason: str) -> Need:
    require(user, HANDLE_NEEDS, need.region)
    reason = clean_text(reason, field="reason", what=_("不予受理的理由"))
    return _transition(need, Action.REJECT, user, note=reason, reason=reason)


def refer(need: Need, *, user, reason: str) -> Need:
    """Refer upward (to the town or a department) with a reason."""
    require(user, HANDLE_NEEDS, need.region)
    reason = clean_text(reason, field="reason", what=_("上报理由"))
    return _transition(need, Action.REFER, user, note=reason, reason=reason)


def dispatch(need: Need, *, user, team=None, volunteer=None) -> Need:
    """Dispatch an accepted need to a squad of its town or to a volunteer of a squad
    (exactly one of them) that the caller can see (`rules.may_dispatch_to`, the one rule
    the page's suggestions and the API's lookups follow too). Two staff at once: the
    second gets `need_conflict`."""
    require(user, HANDLE_NEEDS, need.region)
    if (team is None) == (volunteer is None):
        raise ServiceError(
            "assignee_required", _("请选择一个承办小队或一名志愿者"), field="assignee"
        )
    if team is not None and not rules.is_squad_near(team, need.region):
        raise ServiceError(
            "team_not_squad",
            _("只能派给本镇的志愿服务小队：“%(team)s”不是") % {"team": team.name},
            field="assignee",
        )
    if volunteer is not None and not rules.is_volunteer_near(volunteer, need.region):
        raise ServiceError(
            "person_not_volunteer",
            _("只能派给本镇志愿服务小队的队员：%(name)s不是") % {"name": volunteer.name},
            field="assignee",
        )
    name = team.name if team is not None else volunteer.name
    if not rules.may_dispatch_to(user, need, team=team, volunteer=volunteer):
        raise ServiceError(
            "assignee_out_of_scope",
            _("只能派给您管辖范围内的小队或志愿者：“%(name)s”不在其中") % {"name": name},
            field="assignee",
        )
    return _transition(
        need,
        Action.DISPATCH,
        user,
        note=_("派给%(name)s") % {"name": name},
        log_data={"team": getattr(team, "pk", None), "volunteer": getattr(volunteer, "pk", None)},
        team=team,
        volunteer=volunteer,
        dispatched_at=timezone.now(),
    )


def take(need: Need, *, user, person=None) -> Need:
    """A volunteer takes an open (accepted, undispatched) need: 抢单. The login acts as its
    volunteer (`VolunteerAccount`); only SYSTEM (the demo, commands) names the `person`."""
    if person is not None and user is SYSTEM:
        require_that(rules.is_volunteer_near(person, need.region), WORK_NEEDS)
    else:
        require_that(rules.is_working_volunteer(user, need.region), WORK_NEEDS)
        person = rules.acting_person(user)
    return _transition(
        need,
        Action.TAKE,
        user,
        note=_("%(name)s接单") % {"name": person.name},
        log_data={"volunteer": person.pk},
        team=None,
        volunteer=person,
        dispatched_at=timezone.now(),
    )


def _may_work(user):
    def recheck(locked: Need) -> None:
        require_that(rules.may_work_on(user, locked), WORK_NEEDS)

    return recheck


def start(need: Need, *, user) -> Need:
    require_that(rules.may_work_on(user, need), WORK_NEEDS)
    return _transition(need, Action.START, user, recheck=_may_work(user))


def give_back(need: Need, *, user, reason: str) -> Need:
    """The volunteer (or staff for them) returns the need: accepted again, undispatched."""
    require_that(rules.may_work_on(user, need), WORK_NEEDS)
    reason = clean_text(reason, field="reason", what=_("退单理由"))
    return _transition(
        need,
        Action.GIVE_BACK,
        user,
        note=reason,
        recheck=_may_work(user),
        team=None,
        volunteer=None,
        dispatched_at=None,
    )


def parse_hours(value) -> Decimal:
    """Hours as a Decimal of 0 to 24 with at most two decimals, else a Chinese error."""
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as e:
        raise ServiceError("hours_invalid", _("服务时长须是数字"), field="hours") from e
    if not hours.is_finite():
        raise ServiceError("hours_invalid", _("服务时长须是数字"), field="hours")
    if hours < 0:
        raise ServiceError("hours_negative", _("服务时长不能为负数"), field="hours")
    if hours > MAX_HOURS:
        raise ServiceError("hours_over_24", _("服务时长不能超过24小时"), field="hours")
    if hours != hours.quantize(Decimal("0.01")):
        raise ServiceError("hours_invalid", _("服务时长最多保留两位小数"), field="hours")
    return hours


def _hours(value: Decimal) -> str:
    return format(value.normalize(), "f")


def resolve(
    need: Need,
    *,
    user,
    summary: str,
    hours: dict,
    photo=None,
    resolved_at: dt.datetime | None = None,
) -> Need:
    """Record what was done and the hours of each volunteer who did it (`hours`: person →
    hours). Refused: no volunteer, hours below 0 or over 24, a person not a volunteer of
    the town, more than 24 hours on one day for one volunteer across needs."""
    require_that(rules.may_work_on(user, need), WORK_NEEDS)
    summary = clean_text(summary, field="summary", what=_("办理情况"))
    if not hours:
        raise ServiceError("hours_required", _("请填写至少一名志愿者的服务时长"), field="hours")
    cleaned = {}
    for person, value in hours.items():
        if not rules.is_volunteer_near(person, need.region):
            raise ServiceError(
                "person_not_volunteer",
                _("只能记录本镇志愿服务小队队员的时长：%(name)s不是") % {"name": person.name},
                field="hours",
            )
        cleaned[person] = parse_hours(value)
    if photo is not None:
        check_photo(photo)
    resolved_at = resolved_at or timezone.now()
    day = timezone.localdate(resolved_at)

    def record(locked: Need) -> None:
        for person, value in cleaned.items():
            # Lock the person's row so two resolutions of one day are summed in turn.
            type(person).unscoped.select_for_update().filter(pk=person.pk).first()
            earlier = resolved_hours(person_ids=[person.pk], period=(day, day)).get(
                person.pk, Decimal(0)
            )
            if earlier + value > MAX_HOURS:
                raise ServiceError(
                    "hours_over_24_in_day",
                    _("%(name)s在%(day)s已记录%(earlier)s小时，再加%(hours)s小时将超过24小时")
                    % {"name": person.name, "day": day.isoformat(), "earlier": _hours(earlier),
                       "hours": _hours(value)},
                    field="hours",
                )  # fmt: skip
        resolution = NeedResolution.unscoped.create(
            need=locked,
            summary=summary,
            resolved_at=resolved_at,
            recorded_by=user_or_none(user),
            **({"photo": photo} if photo is not None else {}),
        )
        NeedHours.unscoped.bulk_create(
            NeedHours(resolution=resolution, person=person, hours=value)
            for person, value in cleaned.items()
        )

    return _transition(
        need,
        Action.RESOLVE,
        user,
        note=summary,
        log_data={"hours": {str(p.pk): str(h) for p, h in cleaned.items()}},
        recheck=_may_work(user),
        after=record,
    )


def clean_rating(rating, comment: str | None) -> tuple[int, str]:
    try:
        rating = int(rating)
    except (TypeError, ValueError) as e:
        raise ServiceError("rating_invalid", _("请选择1到5星的评价"), field="rating") from e
    if not 1 <= rating <= 5:
        raise ServiceError("rating_invalid", _("请选择1到5星的评价"), field="rating")
    comment = clean_text(comment, field="comment", what=_("评价意见"), required=False)
    return rating, comment


def rate(need: Need, *, user, rating, comment: str = "") -> Need:
    """Staff enter the resident's rating on their behalf."""
    require(user, HANDLE_NEEDS, need.region)
    rating, comment = clean_rating(rating, comment)
    return _transition(
        need,
        Action.RATE,
        user,
        note=comment,
        log_data={"rating": rating, "by": "staff"},
        rating=rating,
        rating_comment=comment,
        rated_at=timezone.now(),
        rated_by=user_or_none(user),
    )


def rate_by_code(code: str, *, rating, comment: str = "") -> Need:
    """The resident rates through the public link: the tracking code is the key."""
    need = Need.unscoped.filter(code=code).first()
    if need is None:
        raise ServiceError("need_not_found", _("查询码不正确，找不到该需求"))
    rating, comment = clean_rating(rating, comment)
    return _transition(
        need,
        Action.RATE,
        None,
        note=comment,
        log_data={"rating": rating, "by": "resident"},
        rating=rating,
        rating_comment=comment,
        rated_at=timezone.now(),
    )


def close(need: Need, *, user) -> Need:
    require(user, HANDLE_NEEDS, need.region)
    return _transition(need, Action.CLOSE, user)


def is_overdue(need: Need, now: dt.datetime | None = None) -> bool:
    return (
        need.state in OPEN_STATES
        and need.due_at is not None
        and need.due_at < (now or timezone.now())
    )


def resolution_of(need: Need) -> NeedResolution | None:
    """The need's resolution with its hours (read once per loaded need: the API's detail
    asks for its summary, time and hours)."""
    if not hasattr(need, "_resolution_read"):
        need._resolution_read = (
            NeedResolution.unscoped.filter(need=need).prefetch_related("hours__person").first()
        )
    return need._resolution_read


def workers_of(need: Need) -> list:
    """Who may have worked on a need: its volunteer, or the open members of its squad."""
    from sanwei.teams.models import Membership

    if need.volunteer_id is not None:
        return [need.volunteer]
    if need.team_id is not None:
        return [
            m.person
            for m in Membership.unscoped.filter(team_id=need.team_id, ended_on__isnull=True)
            .select_related("person")
            .order_by("person__name", "person_id")
        ]
    return []


def photo_too_large_message() -> str:
    from sanwei.core.uploads import format_size

    return _("照片过大：不能超过%(size)s") % {"size": format_size(settings.NEED_PHOTO_MAX_BYTES)}


def overdue(queryset, now: dt.datetime | None = None):
    """The needs of `queryset` past their time limit and still open."""
    return queryset.filter(state__in=OPEN_STATES, due_at__lt=now or timezone.now())


def need_hours_rows(person_ids=None, region=None, period=None) -> QuerySet[NeedHours]:
    """The `NeedHours` rows of every resolution, optionally only of `person_ids`, of needs
    inside `region` (a Region or a path), resolved within `period` (a pair of local dates,
    inclusive; either may be None)."""
    rows = NeedHours.unscoped.all()
    if isinstance(person_ids, QuerySet):
        rows = rows.filter(person_id__in=person_ids)
    elif person_ids is not None:
        rows = rows.filter(person_id__any_of=list(person_ids))
    if region is not None:
        rows = rows.filter(
            resolution__need__region__path__startswith=getattr(region, "path", region)
        )
    if period is not None:
        start, end = period
        tz = timezone.get_current_timezone()
        if start is not None:
            rows = rows.filter(
                resolution__resolved_at__gte=dt.datetime.combine(start, dt.time.min, tz)
            )
        if end is not None:
            rows = rows.filter(
                resolution__resolved_at__lt=dt.datetime.combine(
                    end + dt.timedelta(days=1), dt.time.min, tz
                )
            )
    return rows.order_by()


def resolved_hours(person_ids=None, region=None, period=None) -> dict[int, Decimal]:
    """Hours per person (person id → Decimal) from resolved needs: `need_hours_rows`
    summed per person. Persons without hours are absent."""
    if person_ids is not None and not isinstance(person_ids, QuerySet):
        person_ids = list(person_ids)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    grouped = need_hours_rows(person_ids, region, period).values("person_id")
    for person_id, total in grouped.annotate(total=Sum("hours")).values_list("person_id", "total"):
        totals[person_id] += total
    return dict(totals)


@dataclass(frozen=True)
class Candidate:
    """A suggested assignee and why: `region` 3 same 组, 2 same village, 1 same town;
    `skills` 1 when the skills match the need; `available` 1 when the volunteer's profile
    says they are free at this time of the week (None: no profile); `load` the open needs
    already dispatched to them."""

    kind: str  # "volunteer" or "team"
    obj: object
    region: int
    skills: int
    available: int | None
    load: int

    @property
    def name(self) -> str:
        return self.obj.name


def _words(text: str) -> list[str]:
    import re

    return [w for w in re.split(r"[\s、，,；;/]+", text or "") if len(w) >= 2]


def skills_match(skills: str, need: Need) -> bool:
    """A skill word appears in the need's text or category, or a word of the category's
    name or description appears in the skills."""
    category = need.category
    need_text = f"{need.description} {category.name} {category.description}"
    if any(word in need_text for word in _words(skills)):
        return True
    return any(
        term in (skills or "") for term in _words(f"{category.name}、{category.description}")
    )


def region_closeness(region, need_region) -> int:
    """3: the same 组 (or the same region); 2: the same village; 1: the same town; 0."""
    from sanwei.regions.models import PATH_LENGTH, RegionLevel

    if region.pk == need_region.pk:
        return 3
    village = PATH_LENGTH[RegionLevel.VILLAGE]
    if len(need_region.path) >= village and region.path[:village] == need_region.path[:village]:
        return 2
    if region.path.startswith(rules.town_path(need_region)):
        return 1
    return 0


def _profile_model():
    from django.apps import apps

    try:
        return apps.get_model("volunteers", "VolunteerProfile")
    except LookupError:
        return None


def suggest_candidates(
    need: Need, *, user, now: dt.datetime | None = None, limit: int = 10
) -> tuple[list[Candidate], list[Candidate]]:
    """Volunteers (open membership in a squad of the need's town) and squads of the town
    that `user` may dispatch to (`rules.may_dispatch_to`: the ones they can see), each
    ranked by region closeness, then skills, then availability, then load (fewest first),
    then name. Returns (volunteers, squads)."""
    from sanwei.people.models import Person
    from sanwei.teams.models import Membership, Team, TeamKind

    now = now or timezone.now()
    town = rules.town_path(need.region)
    open_work = (S.DISPATCHED, S.IN_PROGRESS)
    person_ids = set(
        Membership.unscoped.filter(
            ended_on__isnull=True, team__kind=TeamKind.SQUAD, team__region__path__startswith=town
        ).values_list("person_id", flat=True)
    )
    people = Person.unscoped.filter(pk__in=person_ids).select_related("region")
    loads = dict(
        Need.unscoped.filter(volunteer_id__in=person_ids, state__in=open_work)
        .order_by()
        .values("volunteer_id")
        .annotate(n=Count("id"))
        .values_list("volunteer_id", "n")
    )
    profiles = {}
    profile_model = _profile_model()
    if profile_model is not None:
        profiles = {p.person_id: p for p in profile_model.unscoped.filter(person_id__in=person_ids)}
    volunteers = []
    for person in people:
        if not rules.sees(user, person.region):
            continue
        profile = profiles.get(person.pk)
        skills = " ".join(filter(None, [person.skills, getattr(profile, "skills", "")]))
        volunteers.append(
            Candidate(
                kind="volunteer",
                obj=person,
                region=region_closeness(person.region, need.region),
                skills=int(skills_match(skills, need)),
                available=None if profile is None else int(profile.available_at(now)),
                load=loads.get(person.pk, 0),
            )
        )
    volunteers.sort(key=lambda c: (-c.region, -c.skills, -(c.available or 0), c.load, c.name))
    teams = Team.unscoped.filter(kind=TeamKind.SQUAD, region__path__startswith=town)
    team_loads = dict(
        Need.unscoped.filter(team__in=teams, state__in=open_work)
        .order_by()
        .values("team_id")
        .annotate(n=Count("id"))
        .values_list("team_id", "n")
    )
    squads = [
        Candidate(
            kind="team",
            obj=team,
            region=region_closeness(team.region, need.region),
            skills=int(skills_match(team.description, need)),
            available=None,
            load=team_loads.get(team.pk, 0),
        )
        for team in teams.select_related("region")
        if rules.sees(user, team.region)
    ]
    squads.sort(key=lambda c: (-c.region, -c.skills, c.load, c.name))
    return volunteers[:limit], squads[:limit]
