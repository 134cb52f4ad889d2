"""Topics API (mounted on the seminar router, /api/v1/seminar):

- `GET /hot-topics?region=CODE&from=&to=`: the near-duplicate groups of a region and period,
  most distinct people first, with their category (`topic_services.hot_topics`). The region
  defaults to the caller's topmost region, the period to the last 90 days.
- `POST /opinions/{opinion_pk}/category` `{category: code}`: staff set the category.
- `POST /opinions/{opinion_pk}/topic` `{topic: id}` into a group of the town,
  `{new_label: "…"}` into a new group ("" takes the opinion's text), `{}` out of its group.
Corrections are kept: later suggestions do not overwrite them.
"""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema

from sanwei.accounts.permissions import require, require_that
from sanwei.core.api import ApiRouter, DbId, referenced
from sanwei.core.errors import ServiceError
from sanwei.regions.services import region_by_code

from . import rules, topic_services
from .forms_topics import default_period
from .models import Opinion, OpinionCategory, TopicGroup
from .permissions import CHANGE_OPINIONS, VIEW_OPINIONS

router = ApiRouter(tags=["seminar"])


class CategoryOut(Schema):
    code: str
    name: str


class TopicRef(Schema):
    id: int
    label: str


class HotTopicOut(Schema):
    topic: TopicRef
    category: CategoryOut | None
    people: int = Field(..., description="提出该话题的群众人数（同一人多次提出只算一次）")
    opinions: int = Field(..., description="意见条数")
    villages: list[str]
    first_raised: dt.date
    last_raised: dt.date


class HotTopicsOut(Schema):
    region: str
    region_name: str
    date_from: dt.date = Field(..., alias="from")
    date_to: dt.date = Field(..., alias="to")
    items: list[HotTopicOut]


class HotTopicsQuery(Schema):
    region: str | None = Field(None, description="区划代码（默认：您可查看的最高一级区划）")
    date_from: dt.date | None = Field(None, alias="from", description="起始日期（含）")
    date_to: dt.date | None = Field(None, alias="to", description="截止日期（含）")


@router.get("/hot-topics", response=HotTopicsOut, by_alias=True)
def hot_topics(request, query: Query[HotTopicsQuery]):
    """热点话题: groups of near-duplicate opinions by the number of distinct people."""
    require(request.user, VIEW_OPINIONS)
    region = (
        region_by_code(query.region)
        if query.region
        else topic_services.default_region(request.user)
    )
    if region is None:
        raise ServiceError("region_unknown", _("没有可查看的区划"), field="region")
    require(request.user, VIEW_OPINIONS, region)
    start, end = default_period()
    date_from, date_to = query.date_from or start, query.date_to or end
    if date_from > date_to:
        raise ServiceError("period_invalid", _("截止日期不能早于起始日期"), field="to")
    rows = topic_services.hot_topics(
        Opinion.objects.all(), region=region, date_from=date_from, date_to=date_to
    )
    return {
        "region": region.code,
        "region_name": region.name,
        "from": date_from,
        "to": date_to,
        "items": [
            {
                "topic": {"id": row.topic.pk, "label": row.topic.label},
                "category": row.category,
                "people": row.people,
                "opinions": row.opinions,
                "villages": row.villages,
                "first_raised": row.first_raised,
                "last_raised": row.last_raised,
            }
            for row in rows
        ],
    }


class OpinionTopicOut(Schema):
    id: int
    code: str
    suggested_category: CategoryOut | None
    category: CategoryOut | None
    category_corrected: bool
    topic: TopicRef | None
    topic_corrected: bool

    @staticmethod
    def resolve_category_corrected(obj: Opinion) -> bool:
        return obj.category_corrected_by_id is not None

    @staticmethod
    def resolve_topic_corrected(obj: Opinion) -> bool:
        return obj.topic_corrected_by_id is not None


class CategoryIn(Schema):
    category: str = Field(..., description="类别代码，如 roads、water")


class TopicIn(Schema):
    topic: DbId | None = Field(None, description="并入的相似意见组 id")
    new_label: str | None = Field(
        None, max_length=200, description="单独成立新组的话题（空字符串取意见原文）"
    )


def _opinion(opinion_pk: int) -> Opinion:
    return get_object_or_404(Opinion.objects.select_related("region"), pk=opinion_pk)


def _out(opinion: Opinion) -> Opinion:
    return Opinion.objects.select_related("suggested_category", "category", "topic").get(
        pk=opinion.pk
    )


@router.post("/opinions/{opinion_pk}/category", response=OpinionTopicOut)
def correct_category(request, opinion_pk: DbId, payload: CategoryIn):
    """Set the opinion's category (kept over later suggestions)."""
    opinion = _opinion(opinion_pk)
    require_that(rules.may_change_opinion(request.user, opinion), CHANGE_OPINIONS)
    category = OpinionCategory.objects.filter(code=payload.category, is_active=True).first()
    if category is None:
        raise ServiceError(
            "category_unknown",
            _("类别代码“%(code)s”不存在或未启用") % {"code": payload.category},
            field="category",
        )
    topic_services.correct_category(opinion, category=category, user=request.user)
    return _out(opinion)


@router.post("/opinions/{opinion_pk}/topic", response=OpinionTopicOut)
def correct_topic(request, opinion_pk: DbId, payload: TopicIn):
    """Move the opinion into a group of its town, into a new group, or out of its group."""
    opinion = _opinion(opinion_pk)
    require_that(rules.may_change_opinion(request.user, opinion), CHANGE_OPINIONS)
    topic = referenced(
        TopicGroup.objects.all(), payload.topic, field="topic", message=_("相似意见组不存在")
    )
    topic_services.move_to_topic(
        opinion, topic=topic, new_label=payload.new_label, user=request.user
    )
    return _out(opinion)
