"""The opinion loop's API (mounted on the seminar router, /api/v1/seminar): opinions (list,
one, create), the loop's transitions as actions (`POST /opinions/{id}/answer`, …/assign,
…/reassign, …/decide, …/close, …/reopen, …/convert-to-need), bulk answering, answer
templates and the rates per region. The same scoping, permissions and service rules as
the pages."""

import datetime as dt

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from sanwei.accounts.permissions import require, require_that
from sanwei.activities.models import Campaign
from sanwei.core.api import DbId, Paginator, RegionFields, referenced
from sanwei.core.errors import ServiceError
from sanwei.core.filters import filtered
from sanwei.needs.models import NeedCategory, Urgency
from sanwei.people.models import Person
from sanwei.regions.models import RegionLevel
from sanwei.regions.services import region_by_code

from . import figures, rules, services
from .api import router
from .filters import OpinionFilter
from .forms_opinions import assignee_candidates, user_label
from .models import (
    OPINION_MAX_CHARS,
    AnswerTemplate,
    CourtyardMeeting,
    Decision,
    Opinion,
    OpinionCategory,
    OpinionState,
)
from .permissions import ANSWER_OPINIONS, CHANGE_OPINIONS, VIEW_OPINIONS

MAX_BULK = 200


class OpinionOut(RegionFields):
    id: int
    code: str
    text: str
    raised_by_name: str
    raised_on: dt.date
    meeting_id: int | None
    campaign_id: int | None
    category: str | None = Field(..., description="类别代码")
    state: OpinionState
    state_display: str
    assignee_id: int | None
    assignee_name: str
    assignee_office: str
    due_on: dt.date | None
    overdue: bool
    reply: str
    answered_at: dt.datetime | None
    decision: str
    decision_reason: str
    decided_at: dt.datetime | None
    closed_at: dt.datetime | None
    need_id: int | None = Field(..., description="转为的群众需求")
    actions: list[str] = Field(..., description="当前状态允许的操作")

    @staticmethod
    def resolve_category(obj: Opinion) -> str | None:
        return obj.category.code if obj.category_id else None

    @staticmethod
    def resolve_state_display(obj: Opinion) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_assignee_name(obj: Opinion) -> str:
        return user_label(obj.assignee) if obj.assignee_id else ""

    @staticmethod
    def resolve_overdue(obj: Opinion) -> bool:
        return (
            obj.state in (OpinionState.RECEIVED, OpinionState.ASSIGNED)
            and obj.due_on is not None
            and obj.due_on < services.local_today()
        )

    @staticmethod
    def resolve_need_id(obj: Opinion) -> int | None:
        return obj.need.pk if _has_need(obj) else None

    @staticmethod
    def resolve_actions(obj: Opinion) -> list[str]:
        return services.allowed_actions(obj.state)


def _has_need(opinion: Opinion) -> bool:
    try:
        opinion.need  # noqa: B018
    except Opinion.need.RelatedObjectDoesNotExist:
        return False
    return True


class OpinionEventOut(Schema):
    action: str
    from_state: OpinionState
    to_state: OpinionState
    user_name: str
    note: str
    at: dt.datetime

    @staticmethod
    def resolve_user_name(obj) -> str:
        return user_label(obj.user) if obj.user_id else ""


class OpinionDetailOut(OpinionOut):
    events: list[OpinionEventOut]

    @staticmethod
    def resolve_events(obj: Opinion) -> list:
        return list(obj.events.select_related("user").order_by("at", "pk"))


class NewOpinionIn(Schema):
    region: str = Field(..., description="村（社区）或村民小组代码")
    text: str = Field(..., max_length=OPINION_MAX_CHARS * 2)
    raised_on: dt.date
    raised_by_name: str = Field("", max_length=50)
    raised_by_id: DbId | None = None
    meeting_id: DbId | None = None
    campaign_id: DbId | None = None


class OpinionAssignIn(Schema):
    assignee_id: DbId | None = None
    assignee_office: str = Field("", max_length=100)
    due_on: dt.date
    note: str = Field("", max_length=500)


class OpinionAnswerIn(Schema):
    reply: str = Field(..., max_length=OPINION_MAX_CHARS * 2)


class OpinionBulkAnswerIn(Schema):
    opinion_ids: list[DbId] = Field(..., max_length=MAX_BULK)
    reply: str = Field(..., max_length=OPINION_MAX_CHARS * 2)


class OpinionDecideIn(Schema):
    decision: Decision
    reason: str = Field("", max_length=OPINION_MAX_CHARS * 2)


class OpinionCloseIn(Schema):
    note: str = Field("", max_length=500)


class OpinionReopenIn(Schema):
    reason: str = Field(..., max_length=OPINION_MAX_CHARS * 2)
    due_on: dt.date


class OpinionConvertIn(Schema):
    category: str = Field(..., max_length=20, description="需求类别代码")
    urgency: Urgency = Urgency.NORMAL
    description: str = Field("", max_length=OPINION_MAX_CHARS * 2)


class ConvertedNeedOut(RegionFields):
    id: int
    code: str
    description: str
    category: str
    urgency: str
    state: str
    source: str
    source_opinion_id: int | None

    @staticmethod
    def resolve_category(obj) -> str:
        return obj.category.code


class AnswerTemplateOut(RegionFields):
    id: int
    title: str
    body: str
    category: str | None

    @staticmethod
    def resolve_category(obj: AnswerTemplate) -> str | None:
        return obj.category.code if obj.category_id else None


class OpinionRatesOut(Schema):
    region: str | None
    region_name: str
    collected: int
    answered: int
    reply_rate: float | None = Field(..., description="答复率（%）")
    on_time: int
    on_time_rate: float | None = Field(..., description="按时答复率（%），分母为有期限的已答复")
    decided: int
    adopted: int
    adoption_rate: float | None = Field(..., description="采纳率（%，含部分采纳）")
    overdue: int
    children: list["OpinionRatesOut"] = Field(default_factory=list)

    @staticmethod
    def resolve_region(obj) -> str | None:
        return obj.code

    @staticmethod
    def resolve_region_name(obj) -> str:
        return obj.name


OpinionRatesOut.model_rebuild()


def _opinions() -> QuerySet[Opinion]:
    return Opinion.objects.select_related("region", "category", "assignee", "need")


def _opinion(request, opinion_pk: int) -> Opinion:
    opinion = get_object_or_404(_opinions(), pk=opinion_pk)
    require(request.user, VIEW_OPINIONS, opinion.region)
    return opinion


def _fresh(opinion: Opinion) -> Opinion:
    return _opinions().get(pk=opinion.pk)


# --------------------------------------------------------------------------- opinions


@router.get("/opinions", response=list[OpinionOut])
@paginate(Paginator, page_size=100)
def list_opinions(
    request,
    q: str | None = None,
    state: OpinionState | None = None,
    category: str | None = None,
    region: str | None = None,
    meeting: DbId | None = None,
    overdue: bool | None = None,
    mine: bool | None = None,
):
    """Opinions in the caller's scope, newest first; the page's filters (`region` a
    division code and below, `category` a code, `overdue`: unanswered and due before
    today, `mine`: assigned to the caller)."""
    require(request.user, VIEW_OPINIONS)
    return filtered(OpinionFilter, request, _opinions()).order_by("-raised_on", "-pk")


@router.post("/opinions/bulk-answer", response=list[OpinionOut])
def answer_many(request, payload: OpinionBulkAnswerIn):
    """Answer several opinions with one reply: all of them or none."""
    require(request.user, ANSWER_OPINIONS)
    ids = list(dict.fromkeys(payload.opinion_ids))
    found = {o.pk: o for o in _opinions().filter(pk__in=ids)}
    if not ids or len(found) != len(ids):
        raise ServiceError(
            "opinion_unknown",
            _("意见不存在或不在您的管辖范围内") if ids else _("请选择要答复的意见"),
            field="opinion_ids",
        )
    services.answer_many(request.user, [found[pk] for pk in ids], payload.reply)
    return list(_opinions().filter(pk__in=ids).order_by("pk"))


@router.get("/opinions/{opinion_pk}", response=OpinionDetailOut)
def get_opinion(request, opinion_pk: DbId):
    return _opinion(request, opinion_pk)


@router.post("/opinions", response={201: OpinionOut})
def create_opinion(request, payload: NewOpinionIn):
    """Record an opinion (outside or at a meeting)."""
    require(request.user, CHANGE_OPINIONS)
    region = region_by_code(payload.region, levels=(RegionLevel.VILLAGE, RegionLevel.GROUP))
    raised_by = referenced(
        Person.objects.select_related("region"),
        payload.raised_by_id,
        field="raised_by_id",
        message=_("群众不存在或不在您的管辖范围内"),
    )
    meeting = referenced(
        CourtyardMeeting.objects.select_related("activity__region", "activity__campaign"),
        payload.meeting_id,
        field="meeting_id",
        message=_("屋场会不存在或不在您的管辖范围内"),
    )
    campaign = referenced(
        Campaign.objects.all(),
        payload.campaign_id,
        field="campaign_id",
        message=_("专题不存在或不在您的管辖范围内"),
    )
    opinion = services.create_opinion(
        user=request.user,
        region=region,
        text=payload.text,
        raised_on=payload.raised_on,
        raised_by=raised_by,
        raised_by_name=payload.raised_by_name,
        meeting=meeting,
        campaign=campaign,
    )
    return Status(201, _fresh(opinion))


def _assignee(opinion: Opinion, pk: int | None):
    return referenced(
        assignee_candidates(opinion),
        pk,
        field="assignee_id",
        message=_("承办人不存在或在该区划没有答复意见的角色"),
    )


@router.post("/opinions/{opinion_pk}/assign", response=OpinionOut)
def assign_opinion(request, opinion_pk: DbId, payload: OpinionAssignIn):
    """received → assigned: to a person (`assignee_id`) and/or an office, with a due date."""
    opinion = _opinion(request, opinion_pk)
    require_that(rules.may_change_opinion(request.user, opinion), CHANGE_OPINIONS)
    services.assign_opinion(
        opinion,
        assignee=_assignee(opinion, payload.assignee_id),
        assignee_office=payload.assignee_office,
        due_on=payload.due_on,
        note=payload.note,
        user=request.user,
    )
    return _fresh(opinion)


@router.post("/opinions/{opinion_pk}/reassign", response=OpinionOut)
def reassign_opinion(request, opinion_pk: DbId, payload: OpinionAssignIn):
    """assigned → assigned: another person or office, or a new due date."""
    opinion = _opinion(request, opinion_pk)
    require_that(rules.may_change_opinion(request.user, opinion), CHANGE_OPINIONS)
    services.reassign_opinion(
        opinion,
        assignee=_assignee(opinion, payload.assignee_id),
        assignee_office=payload.assignee_office,
        due_on=payload.due_on,
        note=payload.note,
        user=request.user,
    )
    return _fresh(opinion)


@router.post("/opinions/{opinion_pk}/answer", response=OpinionOut)
def answer_opinion(request, opinion_pk: DbId, payload: OpinionAnswerIn):
    """→ answered. Only the assignee or a town admin; an opinion someone else answered
    meanwhile is a 400 `opinion_conflict`."""
    opinion = _opinion(request, opinion_pk)
    services.answer_opinion(opinion, reply=payload.reply, user=request.user)
    return _fresh(opinion)


@router.post("/opinions/{opinion_pk}/decide", response=OpinionOut)
def decide_opinion(request, opinion_pk: DbId, payload: OpinionDecideIn):
    """answered → adopted / partly_adopted / not_adopted (a reason unless adopted)."""
    opinion = _opinion(request, opinion_pk)
    services.decide_opinion(
        opinion, decision=payload.decision, reason=payload.reason, user=request.user
    )
    return _fresh(opinion)


@router.post("/opinions/{opinion_pk}/close", response=OpinionOut)
def close_opinion(request, opinion_pk: DbId, payload: OpinionCloseIn):
    """adopted / partly_adopted / not_adopted → closed."""
    opinion = _opinion(request, opinion_pk)
    services.close_opinion(opinion, note=payload.note, user=request.user)
    return _fresh(opinion)


@router.post("/opinions/{opinion_pk}/reopen", response=OpinionOut)
def reopen_opinion(request, opinion_pk: DbId, payload: OpinionReopenIn):
    """answered, decided or closed → assigned again, with a reason and a new due date."""
    opinion = _opinion(request, opinion_pk)
    services.reopen_opinion(
        opinion, reason=payload.reason, due_on=payload.due_on, user=request.user
    )
    return _fresh(opinion)


@router.post("/opinions/{opinion_pk}/convert-to-need", response={201: ConvertedNeedOut})
def convert_to_need(request, opinion_pk: DbId, payload: OpinionConvertIn):
    """Turn the opinion into a reported 微服务 need (once); linked both ways."""
    opinion = _opinion(request, opinion_pk)
    require_that(rules.may_change_opinion(request.user, opinion), CHANGE_OPINIONS)
    category = NeedCategory.objects.filter(code=payload.category, is_active=True).first()
    if category is None:
        raise ServiceError("category_unknown", _("需求类别不存在"), field="category")
    need = services.convert_to_need(
        request.user,
        opinion,
        category=category,
        urgency=payload.urgency,
        description=payload.description,
    )
    return Status(201, need)


# --------------------------------------------------------------------------- templates, rates


@router.get("/templates", response=list[AnswerTemplateOut])
@paginate(Paginator, page_size=100)
def list_templates(request):
    """Answer templates in the caller's scope (a town's are seen in its villages)."""
    require(request.user, VIEW_OPINIONS)
    return AnswerTemplate.objects.select_related("region", "category").order_by("title", "pk")


class AnswerTemplateIn(Schema):
    region: str = Field(..., description="区划代码（镇的模板各村可用）")
    title: str = Field(..., max_length=100)
    body: str = Field(..., max_length=OPINION_MAX_CHARS * 2)
    category: str | None = Field(None, max_length=20, description="适用的意见类别代码")


@router.post("/templates", response={201: AnswerTemplateOut})
def create_template(request, payload: AnswerTemplateIn):
    require(request.user, CHANGE_OPINIONS)
    region = region_by_code(payload.region)
    category = None
    if payload.category:
        category = OpinionCategory.objects.filter(code=payload.category, is_active=True).first()
        if category is None:
            raise ServiceError("category_unknown", _("意见类别不存在"), field="category")
    template = AnswerTemplate(
        region=region, title=payload.title, body=payload.body, category=category
    )
    services.save_template(template, user=request.user)
    return Status(201, template)


@router.delete("/templates/{template_pk}", response={204: None})
def delete_template(request, template_pk: DbId):
    template = get_object_or_404(AnswerTemplate.objects.select_related("region"), pk=template_pk)
    require(request.user, VIEW_OPINIONS, template.region)
    services.delete_template(template, user=request.user)
    return Status(204, None)


@router.get("/rates", response=OpinionRatesOut)
def opinion_rates(
    request,
    region: str | None = None,
    campaign: DbId | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
):
    """Collected, answered, on-time and adopted opinions of a region (`region` code, by
    default the caller's topmost) and of each of its child regions."""
    require(request.user, VIEW_OPINIONS)
    where = region_by_code(region) if region else figures.top_region(request.user)
    if where is None:
        raise ServiceError("region_unknown", _("区划不存在或不在您的管辖范围内"), field="region")
    chosen = referenced(
        Campaign.objects.all(),
        campaign,
        field="campaign",
        message=_("专题不存在或不在您的管辖范围内"),
    )
    return figures.opinion_rates(where, campaign=chosen, period=figures.Period(start, end))
