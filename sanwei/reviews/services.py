"""Rules of reviews (定期复盘): holding one, recording its conclusions and follow-ups,
marking a follow-up done, and turning one into a need through `needs.services`.

Every write takes `user=` and checks it first: MANAGE_REVIEWS (the needs-handling
permission) on the review's region; converting also needs the needs' own registering
rule on the need's region (`needs.services.register_need` checks it). Each write runs in
one transaction, locks what it changes and logs on the review or the follow-up."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import require
from sanwei.core.errors import ServiceError
from sanwei.core.models import user_or_none
from sanwei.needs import services as needs
from sanwei.needs.models import Need, NeedCategory, NeedSource, Urgency
from sanwei.regions.models import RegionLevel

from .models import TEXT_MAX_CHARS, FollowUp, Review
from .permissions import MANAGE_REVIEWS

REVIEW_LEVELS = (RegionLevel.TOWN, RegionLevel.VILLAGE)
TITLE_MAX_CHARS = 100
OWNER_MAX_CHARS = 50


def _text(value: str | None, *, field: str, what: str, limit: int, required: bool) -> str:
    text = (value or "").strip()
    if not text and required:
        raise ServiceError(f"{field}_required", _("请填写%(what)s") % {"what": what}, field=field)
    if "\x00" in text:
        raise ServiceError(
            f"{field}_invalid", _("%(what)s含有无效字符") % {"what": what}, field=field
        )
    if len(text) > limit:
        raise ServiceError(
            f"{field}_too_long",
            _("%(what)s不能超过%(n)d个字") % {"what": what, "n": limit},
            field=field,
        )
    return text


def _check(review: Review) -> None:
    """The fields as the caller left them: a town or village, text within its limits, a
    period in order."""
    if review.region.level not in REVIEW_LEVELS:
        raise ServiceError(
            "review_region_level", _("复盘的区划须是乡镇或村（社区）"), field="region"
        )
    review.title = _text(review.title, field="title", what=_("标题"), limit=TITLE_MAX_CHARS,
                         required=True)  # fmt: skip
    review.participants = _text(review.participants, field="participants", what=_("参加人员"),
                                limit=TEXT_MAX_CHARS, required=False)  # fmt: skip
    review.conclusions = _text(review.conclusions, field="conclusions", what=_("会议结论"),
                               limit=TEXT_MAX_CHARS, required=False)  # fmt: skip
    for name in ("period_start", "period_end", "held_on"):
        if getattr(review, name) is None:
            raise ServiceError(f"{name}_required", _("请填写日期"), field=name)
    if review.period_end < review.period_start:
        raise ServiceError(
            "review_period_reversed", _("复盘期间的结束日期不能早于开始日期"), field="period_end"
        )


@transaction.atomic
def create_review(
    *,
    user,
    region,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    held_on: dt.date,
    participants: str = "",
    conclusions: str = "",
) -> Review:
    """A review of `region`'s needs over the period. Refused: a caller without
    MANAGE_REVIEWS on the region (403); a region that is not a town or village; an empty
    or overlong title; a period that ends before it starts."""
    require(user, MANAGE_REVIEWS, region)
    review = Review(
        region=region,
        title=title,
        period_start=period_start,
        period_end=period_end,
        held_on=held_on,
        participants=participants,
        conclusions=conclusions,
        created_by=user_or_none(user),
    )
    _check(review)
    review.save()
    review.log_action(
        "sanwei.review.created",
        user=user,
        data={"period": [period_start.isoformat(), period_end.isoformat()]},
    )
    return review


REVIEW_FIELDS = ("title", "period_start", "period_end", "held_on", "participants", "conclusions")


@transaction.atomic
def update_review(review: Review, *, user, **changes) -> Review:
    """Change the review's fields (its conclusions after the meeting, most often); only
    the fields given change. The region stays."""
    require(user, MANAGE_REVIEWS, review.region)
    unknown = set(changes) - set(REVIEW_FIELDS)
    if unknown:
        raise ValueError(f"not review fields: {sorted(unknown)}")
    locked = Review.unscoped.select_for_update().select_related("region").get(pk=review.pk)
    for name, value in changes.items():
        setattr(locked, name, value)
    _check(locked)
    locked.save()
    locked.log_action("sanwei.review.changed", user=user, data={"fields": sorted(changes)})
    return locked


@transaction.atomic
def add_follow_up(
    review: Review, *, user, text: str, owner: str = "", due_on: dt.date | None = None
) -> FollowUp:
    """A follow-up action decided at the review: what, who (a name), by when."""
    require(user, MANAGE_REVIEWS, review.region)
    text = _text(text, field="text", what=_("整改事项"), limit=TEXT_MAX_CHARS, required=True)
    owner = _text(owner, field="owner", what=_("责任人"), limit=OWNER_MAX_CHARS, required=False)
    locked = Review.unscoped.select_for_update().get(pk=review.pk)
    follow_up = FollowUp.unscoped.create(
        review=locked, text=text, owner=owner, due_on=due_on, created_by=user_or_none(user)
    )
    follow_up.log_action("sanwei.review.follow_up_added", user=user, data={"review": review.pk})
    return follow_up


@transaction.atomic
def set_follow_up_done(follow_up: FollowUp, *, user, done: bool = True) -> FollowUp:
    """Mark a follow-up done (or not done again)."""
    require(user, MANAGE_REVIEWS, follow_up.review.region)
    locked = FollowUp.unscoped.select_for_update().get(pk=follow_up.pk)
    if locked.done != done:
        locked.done = done
        locked.done_at = timezone.now() if done else None
        locked.save(update_fields=["done", "done_at"])
        locked.log_action("sanwei.review.follow_up_done", user=user, data={"done": done})
    return locked


def convert_follow_up(
    follow_up: FollowUp,
    *,
    user,
    region,
    category: NeedCategory | None,
    urgency: str = Urgency.NORMAL,
    description: str = "",
    household=None,
) -> Need:
    """Turn a follow-up into a need (reported, source `review`) in `region`, a village or
    组 inside the review's region; the description defaults to the follow-up's text. The
    follow-up keeps the need (`follow_up.need`, and `need.follow_up` back). Refused: a
    caller without MANAGE_REVIEWS on the review's region, or who may not register a need
    in `region`; a region outside the review's; a second conversion
    (`follow_up_already_converted`)."""
    review = follow_up.review
    require(user, MANAGE_REVIEWS, review.region)
    if region is None or not region.path.startswith(review.region.path):
        raise ServiceError(
            "region_outside_review",
            _("需求的区划须在本次复盘的范围（%(region)s）内") % {"region": review.region.name},
            field="region",
        )
    if region.level not in (RegionLevel.VILLAGE, RegionLevel.GROUP):
        raise ServiceError("region_level", _("需求的区划须是村（社区）或村民小组"), field="region")
    with transaction.atomic():
        locked = FollowUp.unscoped.select_for_update().get(pk=follow_up.pk)
        if locked.need_id is not None:
            raise ServiceError(
                "follow_up_already_converted", _("该整改事项已转为需求，不能重复转换")
            )
        need = needs.register_need(
            user=user,
            region=region,
            description=(description or "").strip() or locked.text,
            category=category,
            urgency=urgency,
            source=NeedSource.REVIEW,
            household=household,
        )
        locked.need = need
        locked.save(update_fields=["need"])
        locked.log_action(
            "sanwei.review.follow_up_converted",
            user=user,
            data={"review": review.pk, "need": need.pk},
        )
    return need
