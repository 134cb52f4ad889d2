"""Rules of 微研讨: recording opinions and their loop (assign, answer, decide, close).

The loop is one explicit table, `TRANSITIONS` (action → states it may start from → state
it leads to), and one function that moves an opinion, `_transition`: it locks the row,
re-checks the state on the locked row, refuses an illegal move with
`opinion_illegal_transition` (naming both states), writes an `OpinionEvent` and logs.

    received ──assign──▶ assigned ──answer──▶ answered ──decide──▶ adopted
        │                 │    ▲                              ├──▶ partly_adopted
        │              reassign│                              └──▶ not_adopted
        └──────answer (town admin)──▶ answered                          │ close
                                                                        ▼
    answered / adopted / partly / not adopted / closed ──reopen──▶ assigned   closed

`reopen` sends an answered, decided or closed opinion back to its assignee with a new
due date (the resident disputes the answer, or it was closed by mistake); the earlier
reply and decision stay in the event timeline (the event's note) and are cleared on the
opinion, so rates count the new answer.

Every write takes `user=` and checks it first (`rules.py`); None and anonymous users
are refused, the system passes `SYSTEM`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanwei.accounts.permissions import require, require_that
from sanwei.core.errors import ServiceError
from sanwei.core.models import user_or_none
from sanwei.core.transitions import Transition, move
from sanwei.needs import services as needs
from sanwei.needs.models import Need, NeedSource
from sanwei.needs.permissions import REGISTER_NEEDS
from sanwei.regions.models import Region

from . import rules, topic_services
from .models import (
    OPINION_MAX_CHARS,
    AnswerTemplate,
    Decision,
    Opinion,
    OpinionEvent,
    OpinionState,
)
from .permissions import ANSWER_OPINIONS, CHANGE_OPINIONS

S = OpinionState
OPINION_MIN_CHARS = 2
REASON_MAX_CHARS = 1000


class Action:
    """The actions of the loop (OpinionEvent.action); `create` and `convert` leave the
    state as it is and are not in the table."""

    CREATE = "create"
    ASSIGN = "assign"
    REASSIGN = "reassign"
    ANSWER = "answer"
    DECIDE = "decide"
    CLOSE = "close"
    REOPEN = "reopen"
    CONVERT = "convert"


ACTION_LABELS = {
    Action.CREATE: gettext_lazy("收集"),
    Action.ASSIGN: gettext_lazy("交办"),
    Action.REASSIGN: gettext_lazy("改派"),
    Action.ANSWER: gettext_lazy("答复"),
    Action.DECIDE: gettext_lazy("采纳决定"),
    Action.CLOSE: gettext_lazy("办结"),
    Action.REOPEN: gettext_lazy("重新办理"),
    Action.CONVERT: gettext_lazy("转为需求"),
}

DECIDED = frozenset({S.ADOPTED, S.PARTLY_ADOPTED, S.NOT_ADOPTED})


# The one table of the loop.
TRANSITIONS: dict[str, Transition] = {
    Action.ASSIGN: Transition(frozenset({S.RECEIVED}), S.ASSIGNED),
    Action.REASSIGN: Transition(frozenset({S.ASSIGNED}), S.ASSIGNED),
    Action.ANSWER: Transition(frozenset({S.RECEIVED, S.ASSIGNED}), S.ANSWERED),
    Action.DECIDE: Transition(frozenset({S.ANSWERED}), DECIDED),
    Action.CLOSE: Transition(DECIDED, S.CLOSED),
    Action.REOPEN: Transition(DECIDED | {S.ANSWERED, S.CLOSED}, S.ASSIGNED),
}


def allowed_actions(state: str) -> list[str]:
    """The table's actions that may start from `state`, in the table's order."""
    return [action for action, t in TRANSITIONS.items() if state in t.sources]


def local_today() -> dt.date:
    return timezone.localdate()


def _state_label(state: str) -> str:
    return str(OpinionState(state).label)


def _display(user) -> str:
    if user is None:
        return _("（未选择）")
    return user.get_full_name() or user.get_username()


def clean_text(
    text: str | None,
    *,
    field: str,
    what: str,
    min_chars: int = OPINION_MIN_CHARS,
    max_chars: int = OPINION_MAX_CHARS,
) -> str:
    """Stripped text of `min_chars`..`max_chars` characters, else a Chinese error on `field`."""
    text = (text or "").strip()
    if not text:
        raise ServiceError(f"{field}_required", _("请填写%(what)s") % {"what": what}, field=field)
    if "\x00" in text:
        raise ServiceError(
            f"{field}_invalid", _("%(what)s含有无效字符") % {"what": what}, field=field
        )
    if len(text) < min_chars:
        raise ServiceError(
            f"{field}_too_short",
            _("%(what)s至少%(n)d个字") % {"what": what, "n": min_chars},
            field=field,
        )
    if len(text) > max_chars:
        raise ServiceError(
            f"{field}_too_long",
            _("%(what)s不能超过%(n)d个字（现有%(len)d个）")
            % {"what": what, "n": max_chars, "len": len(text)},
            field=field,
        )
    return text


# --------------------------------------------------------------------------- create


def _check_photo(photo) -> None:
    if photo:
        from .meetings import check_photo

        check_photo(photo)


def _on_one_line(a: Region, b: Region) -> bool:
    """One region lies in the other (a village and its 组, or the same region)."""
    return a.path.startswith(b.path) or b.path.startswith(a.path)


@transaction.atomic
def create_opinion(
    *,
    user,
    region: Region,
    text: str,
    raised_on: dt.date,
    meeting=None,
    campaign=None,
    raised_by=None,
    raised_by_name: str = "",
    photo=None,
) -> Opinion:
    """Record an opinion raised in `region` (at `meeting`, if given). Refused: a caller
    without CHANGE_OPINIONS on the region (403); text empty, under 2 or over 1000
    characters after stripping; nobody named as having raised it; a person, meeting or
    campaign outside the region; a date in the future."""
    require(user, CHANGE_OPINIONS)
    require_that(rules.may_record_opinion(user, region), CHANGE_OPINIONS)
    text = clean_text(text, field="text", what=_("意见内容"))
    raised_by_name = (raised_by_name or "").strip()
    if raised_by is None and not raised_by_name:
        raise ServiceError(
            "opinion_raised_by_required",
            _("请选择或填写提出意见的群众"),
            field="raised_by_name",
        )
    if len(raised_by_name) > 50:
        raise ServiceError(
            "raised_by_name_too_long", _("提出人姓名不能超过50个字"), field="raised_by_name"
        )
    if raised_by is not None:
        if not _on_one_line(raised_by.region, region):
            raise ServiceError(
                "person_outside_region",
                _("%(name)s不是%(region)s的群众") % {"name": raised_by.name, "region": region.name},
                field="raised_by",
            )
        raised_by_name = raised_by_name or raised_by.name
    if raised_on is None:
        raise ServiceError("raised_on_required", _("请填写提出日期"), field="raised_on")
    if raised_on > local_today():
        raise ServiceError("raised_on_future", _("提出日期不能晚于今天"), field="raised_on")
    if meeting is not None:
        meeting_region = meeting.activity.region
        if not _on_one_line(meeting_region, region):
            raise ServiceError(
                "meeting_elsewhere",
                _("屋场会“%(meeting)s”不在%(region)s")
                % {"meeting": meeting.activity.title, "region": region.name},
                field="meeting",
            )
        campaign = campaign or meeting.activity.campaign
    if campaign is not None and not region.path.startswith(campaign.region.path):
        raise ServiceError(
            "campaign_elsewhere",
            _("专题“%(campaign)s”不包括%(region)s")
            % {"campaign": campaign.name, "region": region.name},
            field="campaign",
        )
    _check_photo(photo)
    opinion = Opinion(
        region=region,
        campaign=campaign,
        meeting=meeting,
        text=text,
        raised_by=raised_by,
        raised_by_name=raised_by_name,
        raised_on=raised_on,
        created_by=user_or_none(user),
    )
    if photo:
        opinion.photo = photo
    opinion.save()
    OpinionEvent.unscoped.create(
        opinion=opinion,
        action=Action.CREATE,
        from_state=S.RECEIVED,
        to_state=S.RECEIVED,
        user=user_or_none(user),
    )
    topic_services.suggest_topic(opinion)  # suggested category and near-duplicate group
    opinion.log_action(
        "sanwei.opinion.created",
        user=user,
        data={
            "region": region.path,
            "meeting": getattr(meeting, "pk", None),
            "campaign": getattr(campaign, "pk", None),
            "raised_by": getattr(raised_by, "pk", None),
            "photo": bool(photo),
        },
    )
    return opinion


# --------------------------------------------------------------------------- the loop


def _illegal(action: str, state: str) -> ServiceError:
    sources = TRANSITIONS[action].sources
    allowed = "、".join(f"“{_state_label(s)}”" for s in OpinionState.values if s in sources)
    return ServiceError(
        "opinion_illegal_transition",
        _("该意见现为“%(state)s”，不能%(action)s（只有%(allowed)s的意见可以%(action)s）")
        % {"state": _state_label(state), "action": ACTION_LABELS[action], "allowed": allowed},
    )


def _conflict(action: str, locked: Opinion) -> ServiceError:
    if action == Action.ANSWER and locked.answered_at is not None:
        when = timezone.localtime(locked.answered_at).strftime("%Y-%m-%d %H:%M")
        who = _display(locked.answered_by) if locked.answered_by_id else _("系统")
        return ServiceError(
            "opinion_conflict",
            _("该意见已被他人答复（%(who)s，%(when)s），请刷新后查看") % {"who": who, "when": when},
        )
    return ServiceError(
        "opinion_conflict",
        _("该意见刚刚被他人处理，现为“%(state)s”，请刷新后再试")
        % {"state": _state_label(locked.state)},
    )


def _transition(
    opinion: Opinion,
    action: str,
    user,
    *,
    to_state: str | None = None,
    note: str = "",
    log_data: dict | None = None,
    **changes,
) -> Opinion:
    """Move `opinion` by `action` (core.transitions.move). The caller has checked the
    permission on what it read; an answer's right is asked again on the locked row (the
    assignee may have changed meanwhile), and an answer to an opinion answered meanwhile
    is always the conflict."""
    transition = TRANSITIONS[action]
    if isinstance(transition.target, frozenset):
        assert to_state in transition.target, (action, to_state)
        target = to_state
    else:
        target = transition.target

    def recheck(locked: Opinion) -> None:
        if action == Action.ANSWER:
            require_that(rules.may_answer(user, locked), ANSWER_OPINIONS)

    return move(
        opinion,
        action,
        source_states=transition.sources,
        target=target,
        user=user,
        event_model=OpinionEvent,
        event_field="opinion",
        log_prefix="sanwei.opinion",
        conflict=lambda locked: _conflict(action, locked),
        illegal=lambda state: _illegal(action, state),
        also_conflict=lambda locked: action == Action.ANSWER and locked.answered_at is not None,
        recheck=recheck,
        note=note,
        log_data=log_data,
        changes=changes,
    )


def _check_due_on(due_on: dt.date | None) -> None:
    if due_on is None:
        raise ServiceError("due_on_required", _("请填写答复期限"), field="due_on")
    if due_on < local_today():
        raise ServiceError("due_on_past", _("答复期限不能早于今天"), field="due_on")


def _check_assignment(opinion: Opinion, assignee, office: str) -> str:
    office = (office or "").strip()
    if assignee is None and not office:
        raise ServiceError("assignee_required", _("请选择承办人或填写承办单位"), field="assignee")
    if len(office) > 100:
        raise ServiceError(
            "assignee_office_too_long", _("承办单位不能超过100个字"), field="assignee_office"
        )
    if assignee is not None and not rules.may_be_assignee(assignee, opinion.region):
        raise ServiceError(
            "assignee_out_of_region",
            _("%(who)s在%(region)s没有答复意见的角色，不能承办")
            % {"who": _display(assignee), "region": opinion.region.name},
            field="assignee",
        )
    return office


def assign_opinion(
    opinion: Opinion,
    *,
    assignee=None,
    assignee_office: str = "",
    due_on: dt.date | None,
    note: str = "",
    user,
) -> Opinion:
    """Hand a received opinion to a person and/or an office, with a due date (today or
    later). The person must hold ANSWER_OPINIONS on the opinion's region."""
    require_that(rules.may_change_opinion(user, opinion), CHANGE_OPINIONS)
    office = _check_assignment(opinion, assignee, assignee_office)
    _check_due_on(due_on)
    return _transition(
        opinion,
        Action.ASSIGN,
        user,
        note=(note or "").strip(),
        assignee=assignee,
        assignee_office=office,
        due_on=due_on,
        log_data={"assignee": getattr(assignee, "pk", None), "due_on": due_on.isoformat()},
    )


def reassign_opinion(
    opinion: Opinion,
    *,
    assignee=None,
    assignee_office: str = "",
    due_on: dt.date | None,
    note: str = "",
    user,
) -> Opinion:
    """Give an assigned, unanswered opinion to someone else (or change its due date)."""
    require_that(rules.may_change_opinion(user, opinion), CHANGE_OPINIONS)
    office = _check_assignment(opinion, assignee, assignee_office)
    _check_due_on(due_on)
    return _transition(
        opinion,
        Action.REASSIGN,
        user,
        note=(note or "").strip(),
        assignee=assignee,
        assignee_office=office,
        due_on=due_on,
        log_data={"assignee": getattr(assignee, "pk", None), "due_on": due_on.isoformat()},
    )


def answer_opinion(opinion: Opinion, *, reply: str, user) -> Opinion:
    """Write the reply for the resident. Only the assignee or a town admin may answer
    (NotPermitted otherwise). An opinion answered by someone else meanwhile is an
    `opinion_conflict`."""
    require_that(rules.may_answer(user, opinion), ANSWER_OPINIONS)
    reply = clean_text(reply, field="reply", what=_("答复内容"))
    return _transition(
        opinion,
        Action.ANSWER,
        user,
        reply=reply,
        answered_at=timezone.now(),
        answered_by=user_or_none(user),
    )


def answer_many(user, opinions: Iterable[Opinion], reply: str) -> list[Opinion]:
    """Answer several opinions with one reply: all or nothing. Each opinion's right is
    checked (assignee or town admin) before anything is written; any refusal, illegal
    state or conflict leaves every opinion as it was."""
    opinions = list(opinions)
    if not opinions:
        raise ServiceError("no_opinions", _("请选择要答复的意见"), field="opinions")
    for opinion in opinions:
        require_that(rules.may_answer(user, opinion), ANSWER_OPINIONS)
    reply = clean_text(reply, field="reply", what=_("答复内容"))
    answered = []
    with transaction.atomic():
        for opinion in sorted(opinions, key=lambda o: o.pk):  # one lock order
            try:
                answered.append(answer_opinion(opinion, reply=reply, user=user))
            except ServiceError as e:
                if e.status == 403:
                    raise
                raise ServiceError(
                    e.code,
                    _("意见“%(text)s”：%(message)s")
                    % {"text": opinion.text[:20], "message": e.message},
                    field=e.field,
                ) from e
    return answered


def decide_opinion(opinion: Opinion, *, decision: str, reason: str = "", user) -> Opinion:
    """Record whether the answered opinion is adopted, partly adopted or not adopted; a
    reason is required unless it is adopted."""
    require_that(rules.may_change_opinion(user, opinion), CHANGE_OPINIONS)
    if decision not in Decision.values:
        raise ServiceError("decision_required", _("请选择采纳情况"), field="decision")
    reason = (reason or "").strip()
    if decision != Decision.ADOPTED or reason:  # required unless adopted; bounded always
        reason = clean_text(
            reason, field="decision_reason", what=_("采纳说明"), max_chars=REASON_MAX_CHARS
        )
    return _transition(
        opinion,
        Action.DECIDE,
        user,
        to_state=decision,
        decision=decision,
        decision_reason=reason,
        decided_at=timezone.now(),
        log_data={"decision": decision},
    )


def close_opinion(opinion: Opinion, *, note: str = "", user) -> Opinion:
    """Close a decided opinion (办结)."""
    require_that(rules.may_change_opinion(user, opinion), CHANGE_OPINIONS)
    return _transition(
        opinion, Action.CLOSE, user, note=(note or "").strip(), closed_at=timezone.now()
    )


def reopen_opinion(opinion: Opinion, *, reason: str, due_on: dt.date | None, user) -> Opinion:
    """Send an answered, decided or closed opinion back to its assignee (or office) with a
    new due date. The reason is required; the earlier reply and decision are kept in the
    event's note and cleared on the opinion."""
    require_that(rules.may_change_opinion(user, opinion), CHANGE_OPINIONS)
    reason = clean_text(reason, field="reason", what=_("重新办理的原因"))
    _check_due_on(due_on)
    earlier = _("原答复：%(reply)s") % {"reply": opinion.reply or "—"}
    if opinion.decision:
        earlier += "\n" + _("原采纳情况：%(decision)s %(reason)s") % {
            "decision": opinion.get_decision_display(),
            "reason": opinion.decision_reason,
        }
    return _transition(
        opinion,
        Action.REOPEN,
        user,
        note=f"{reason}\n{earlier}",
        due_on=due_on,
        reply="",
        answered_at=None,
        answered_by=None,
        decision="",
        decision_reason="",
        decided_at=None,
        closed_at=None,
        log_data={"due_on": due_on.isoformat()},
    )


def overdue(opinions, today: dt.date | None = None):
    """Opinions whose due date has passed (before today, local date) and that are not
    answered yet (received or assigned)."""
    return opinions.filter(state__in=[S.RECEIVED, S.ASSIGNED], due_on__lt=today or local_today())


# --------------------------------------------------------------------------- templates


def _check_template(template: AnswerTemplate) -> None:
    template.title = (template.title or "").strip()
    if not template.title:
        raise ServiceError("title_required", _("请填写标题"), field="title")
    if len(template.title) > 100:
        raise ServiceError("title_too_long", _("标题不能超过100个字"), field="title")
    template.body = clean_text(template.body, field="body", what=_("答复内容"))


@transaction.atomic
def save_template(template: AnswerTemplate, *, user) -> AnswerTemplate:
    """Create or change an answer template; CHANGE_OPINIONS on its region (and, when it
    moves, on the region it leaves)."""
    require_that(rules.may_change_template(user, template), CHANGE_OPINIONS)
    creating = template.pk is None
    if not creating:
        before = AnswerTemplate.unscoped.select_for_update().get(pk=template.pk)
        require_that(rules.may_change_template(user, before), CHANGE_OPINIONS)
    _check_template(template)
    if creating:
        template.created_by = user_or_none(user)
    template.save()
    template.log_action(
        "sanwei.answer_template.created" if creating else "sanwei.answer_template.changed",
        user=user,
        data={"title": template.title},
    )
    return template


def delete_template(template: AnswerTemplate, *, user) -> None:
    require_that(rules.may_change_template(user, template), CHANGE_OPINIONS)
    template.delete_logged(
        "sanwei.answer_template.deleted",
        user=user,
        data={"title": template.title},
        in_use_code="template_in_use",
        in_use_message=_("该模板仍被使用（%(kinds)s），不能删除"),
    )


# --------------------------------------------------------------------------- to a need


def convert_to_need(
    user,
    opinion: Opinion,
    *,
    category,
    description: str = "",
    urgency: str = "normal",
    person=None,
    household=None,
):
    """Turn an opinion that asks for practical help into a 微服务 need (reported), linked
    both ways (`need.source_opinion`, `opinion.need`). The description defaults to the
    opinion's text and the person to who raised it. Refused: a caller without
    CHANGE_OPINIONS and the needs' REGISTER_NEEDS on its region; a second conversion
    (`opinion_already_converted`). The opinion's state does not change; its timeline
    gets a `convert` event."""
    require_that(rules.may_change_opinion(user, opinion), CHANGE_OPINIONS)
    require(user, REGISTER_NEEDS, opinion.region)
    with transaction.atomic():
        locked = Opinion.unscoped.select_for_update().get(pk=opinion.pk)
        if Need.unscoped.filter(source_opinion=locked).exists():
            raise ServiceError("opinion_already_converted", _("该意见已转为需求，不能重复转换"))
        need = needs.register_need(
            user=user,
            region=locked.region,
            description=(description or "").strip() or locked.text,
            category=category,
            urgency=urgency,
            source=NeedSource.OPINION,
            person=person if person is not None else locked.raised_by,
            household=household,
            source_opinion=locked,
        )
        OpinionEvent.unscoped.create(
            opinion=locked,
            action=Action.CONVERT,
            from_state=locked.state,
            to_state=locked.state,
            user=user_or_none(user),
            note=_("已转为群众需求（查询码 %(code)s）") % {"code": need.code},
        )
        locked.log_action("sanwei.opinion.convert", user=user, data={"need": need.pk})
    return need
