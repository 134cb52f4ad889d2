"""Demo data of 定期复盘: the town's review of its needs over the 30 days up to the demo's
today (`pillar_needs` dates the needs it handled, and their ratings, low ones included,
within them), held that day, with its participants and conclusions and two follow-ups, one
of them turned into a need of the first village. Its agenda is computed from the demo's
needs when the page is opened."""

from __future__ import annotations

import datetime as dt

from sanwei.accounts.permissions import SYSTEM
from sanwei.needs.models import NeedCategory
from sanwei.reviews import services
from sanwei.reviews.models import FollowUp, Review

from .pillars import DemoContext
from .story import aware, date_need


def build(ctx: DemoContext) -> dict[str, int]:
    made = {"需求复盘": 0, "复盘整改事项": 0}
    if not ctx.villages:
        return made
    today = ctx.today
    review = services.create_review(
        user=SYSTEM,
        region=ctx.town,
        title=f"{ctx.town.name}{today.month}月群众需求办理复盘会",
        period_start=today - dt.timedelta(days=29),
        period_end=today,
        held_on=today,
        participants="镇党委副书记、镇志愿服务中队长、各村（社区）书记、各志愿服务小队长",
        conclusions=(
            "一是逾期未办结的需求逐件明确责任人和办结时限；"
            "二是对评价在2星及以下的群众逐户回访，查找原因；"
            "三是同一组反复出现的设施维修问题，由镇村建办牵头排查。"
        ),
    )
    made["需求复盘"] += 1
    repair = services.add_follow_up(
        review,
        user=SYSTEM,
        text="排查反复报修的老旧水管和线路，集中更换",
        owner="镇村建办",
        due_on=today + dt.timedelta(days=14),
    )
    services.add_follow_up(
        review,
        user=SYSTEM,
        text="对评价在2星及以下的群众逐户回访",
        owner="各村（社区）书记",
        due_on=today + dt.timedelta(days=7),
    )
    made["复盘整改事项"] += 2
    need = services.convert_follow_up(
        repair,
        user=SYSTEM,
        region=ctx.villages[0],
        category=NeedCategory.objects.get(code="repair"),
        urgency="urgent",
    )
    # Written on the day it was held, the meeting's afternoon.
    held = aware(today, 15)
    Review.unscoped.filter(pk=review.pk).update(created_at=held, updated_at=held)
    FollowUp.unscoped.filter(review=review).update(created_at=held)
    if need is not None:
        date_need(need, held + dt.timedelta(minutes=30))
    return made
