"""定期复盘 API (/api/v1/reviews): reviews (list, one with its agenda and follow-ups,
create, change), follow-ups (add, done, turn into a need). The same scoping, permissions
and services as the pages; the agenda is `agenda.agenda`'s, as the page and the .docx."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from sanwei.accounts.permissions import require
from sanwei.core.api import (
    ApiRouter,
    DbId,
    Paginator,
    RegionFields,
    SiteDateTime,
    patch_schema,
    referenced,
)
from sanwei.core.errors import ServiceError
from sanwei.core.filters import filtered
from sanwei.needs.models import Need, NeedCategory, Urgency
from sanwei.needs.permissions import REGISTER_NEEDS
from sanwei.people.models import Household
from sanwei.regions.models import RegionLevel
from sanwei.regions.services import region_by_code

from . import services
from .agenda import Agenda, agenda
from .filters import ReviewFilter
from .models import TEXT_MAX_CHARS, FollowUp, Review
from .permissions import MANAGE_REVIEWS, VIEW_REVIEWS

router = ApiRouter(tags=["reviews"])


class FollowUpOut(Schema):
    id: int
    text: str
    owner: str
    due_on: dt.date | None
    done: bool
    done_at: dt.datetime | None
    need_id: int | None
    need_code: str

    @staticmethod
    def resolve_need_code(obj: FollowUp) -> str:
        return obj.need.code if obj.need_id else ""


class ReviewOut(RegionFields):
    id: int
    title: str
    period_start: dt.date
    period_end: dt.date
    held_on: dt.date
    participants: str
    conclusions: str
    created_at: dt.datetime


class AgendaNeedOut(RegionFields):
    """One need on the agenda, with the address of its page."""

    id: int
    code: str
    description: str
    category: str
    state: str
    due_at: dt.datetime | None
    rating: int | None
    url: str


class CategoryRowOut(Schema):
    category: str
    category_name: str
    counts: dict[str, int] = Field(..., description="状态 → 件数（只列出现的状态）")
    total: int


class RepeatOut(Schema):
    kind: str = Field(..., description="household 同一户；place 同一村（组）同类问题")
    label: str
    needs: list[AgendaNeedOut]


class AgendaOut(Schema):
    as_of: dt.datetime
    total: int
    states: list[str]
    by_category: list[CategoryRowOut]
    state_totals: dict[str, int]
    overdue: list[AgendaNeedOut]
    low_rated: list[AgendaNeedOut]
    repeats: list[RepeatOut]


class ReviewDetailOut(ReviewOut):
    agenda: AgendaOut
    follow_ups: list[FollowUpOut]

    @staticmethod
    def resolve_agenda(obj: Review) -> dict:
        return obj.agenda_read

    @staticmethod
    def resolve_follow_ups(obj: Review) -> list:
        return obj.follow_ups_read


class ReviewIn(Schema):
    region: str = Field(..., description="乡镇或村（社区）代码")
    title: str = Field(..., max_length=services.TITLE_MAX_CHARS * 2)
    period_start: dt.date
    period_end: dt.date
    held_on: dt.date
    participants: str = Field("", max_length=TEXT_MAX_CHARS * 2)
    conclusions: str = Field("", max_length=TEXT_MAX_CHARS * 2)


class ReviewChangeIn(Schema):
    title: str = Field(..., max_length=services.TITLE_MAX_CHARS * 2)
    period_start: dt.date
    period_end: dt.date
    held_on: dt.date
    participants: str = Field("", max_length=TEXT_MAX_CHARS * 2)
    conclusions: str = Field("", max_length=TEXT_MAX_CHARS * 2)


ReviewPatch = patch_schema(ReviewChangeIn, "ReviewPatch", "Only the fields sent change.")


class FollowUpIn(Schema):
    text: str = Field(..., max_length=TEXT_MAX_CHARS * 2)
    owner: str = Field("", max_length=services.OWNER_MAX_CHARS * 2)
    due_on: dt.date | None = None


class DoneIn(Schema):
    done: bool = True


class ConvertIn(Schema):
    region: str = Field(..., description="村（社区）或村民小组代码，在复盘的区划内")
    category: str = Field(..., max_length=20, description="需求类别代码")
    urgency: Urgency = Urgency.NORMAL
    description: str = Field("", max_length=TEXT_MAX_CHARS * 2, description="不填则用整改事项")
    household_id: DbId | None = None


def _need_out(need: Need) -> dict:
    return {
        "id": need.pk,
        "code": need.code,
        "description": need.description,
        "category": need.category.code,
        "state": need.state,
        "due_at": need.due_at,
        "rating": need.rating,
        "url": reverse("needs:need_detail", args=[need.pk]),
        "region": need.region,  # RegionFields resolve code and name from it
    }


class _Wrap:
    """An object view of a dict, for RegionFields' resolvers."""

    def __init__(self, data: dict) -> None:
        self.__dict__.update(data)


def agenda_out(result: Agenda) -> dict:
    needs = lambda rows: [_Wrap(_need_out(n)) for n in rows]  # noqa: E731
    return {
        "as_of": result.as_of,
        "total": result.total,
        "states": result.states,
        "by_category": [
            {
                "category": row.category.code,
                "category_name": row.category.name,
                "counts": {s: n for s, n in zip(result.states, row.counts, strict=True) if n},
                "total": row.total,
            }
            for row in result.rows
        ],
        "state_totals": dict(zip(result.states, result.state_totals, strict=True)),
        "overdue": needs(result.overdue),
        "low_rated": needs(result.low_rated),
        "repeats": [
            {"kind": r.kind, "label": r.label, "needs": needs(r.needs)} for r in result.repeats
        ],
    }


def _reviews():
    return Review.objects.select_related("region")


def _review(request, review_pk: int) -> Review:
    review = get_object_or_404(_reviews(), pk=review_pk)
    require(request.user, VIEW_REVIEWS, review.region)
    return review


def _detail(review: Review, as_of: dt.datetime | None = None) -> Review:
    review.agenda_read = agenda_out(agenda(review, as_of=as_of))
    review.follow_ups_read = list(FollowUp.objects.filter(review=review).select_related("need"))
    return review


def _follow_up(request, review_pk: int, follow_up_pk: int) -> FollowUp:
    review = _review(request, review_pk)
    follow_up = get_object_or_404(
        FollowUp.objects.select_related("review__region", "need"), pk=follow_up_pk, review=review
    )
    require(request.user, MANAGE_REVIEWS, review.region)
    return follow_up


@router.get("/", response=list[ReviewOut])
@paginate(Paginator, page_size=100)
def list_reviews(request, q: str | None = None, region: str | None = None):
    """Reviews in the caller's scope, the latest held first."""
    require(request.user, VIEW_REVIEWS)
    return filtered(ReviewFilter, request, _reviews()).order_by("-held_on", "-pk")


@router.post("/", response={201: ReviewDetailOut})
def create_review(request, payload: ReviewIn):
    """Hold a review of a town's or village's needs over a period."""
    require(request.user, MANAGE_REVIEWS)
    region = region_by_code(payload.region, levels=services.REVIEW_LEVELS)
    data = payload.dict(exclude={"region"})
    review = services.create_review(user=request.user, region=region, **data)
    return Status(201, _detail(_reviews().get(pk=review.pk)))


@router.get("/{review_pk}", response=ReviewDetailOut)
def get_review(request, review_pk: DbId, as_of: SiteDateTime | None = None):
    """One review with its agenda and its follow-ups. The agenda is computed from the
    needs as they are now; `as_of` moves the moment overdue needs are judged at."""
    return _detail(_review(request, review_pk), as_of)


@router.patch("/{review_pk}", response=ReviewDetailOut)
def change_review(request, review_pk: DbId, payload: ReviewPatch):
    """Change a review: its conclusions after the meeting, its participants, …"""
    review = _review(request, review_pk)
    require(request.user, MANAGE_REVIEWS, review.region)
    services.update_review(review, user=request.user, **payload.dict(exclude_unset=True))
    return _detail(_reviews().get(pk=review.pk))


@router.post("/{review_pk}/follow-ups", response={201: FollowUpOut})
def add_follow_up(request, review_pk: DbId, payload: FollowUpIn):
    review = _review(request, review_pk)
    require(request.user, MANAGE_REVIEWS, review.region)
    follow_up = services.add_follow_up(review, user=request.user, **payload.dict())
    return Status(201, follow_up)


@router.post("/{review_pk}/follow-ups/{follow_up_pk}/done", response=FollowUpOut)
def follow_up_done(request, review_pk: DbId, follow_up_pk: DbId, payload: DoneIn):
    follow_up = _follow_up(request, review_pk, follow_up_pk)
    return services.set_follow_up_done(follow_up, user=request.user, done=payload.done)


@router.post("/{review_pk}/follow-ups/{follow_up_pk}/convert", response={201: FollowUpOut})
def convert_follow_up(request, review_pk: DbId, follow_up_pk: DbId, payload: ConvertIn):
    """Turn a follow-up into a need (source `review`), linked both ways."""
    follow_up = _follow_up(request, review_pk, follow_up_pk)
    require(request.user, REGISTER_NEEDS)
    region = region_by_code(payload.region, levels=(RegionLevel.VILLAGE, RegionLevel.GROUP))
    category = NeedCategory.objects.filter(code=payload.category, is_active=True).first()
    if category is None:
        raise ServiceError("category_unknown", _("需求类别不存在"), field="category")
    services.convert_follow_up(
        follow_up,
        user=request.user,
        region=region,
        category=category,
        urgency=payload.urgency,
        description=payload.description,
        household=referenced(
            Household.objects.select_related("region"),
            payload.household_id,
            field="household_id",
            message=_("户不存在或不在您的管辖范围内"),
        ),
    )
    return Status(201, FollowUp.objects.select_related("need").get(pk=follow_up.pk))
