"""The demo town's youth cadre study and essays: the builder's monthly 青年干部学习座谈会
become the sessions of one series, whose participants are the cadres who attended them
(their attendance is the activities'), with two or three presenters a session; and the
45 essays of “读报告、谈体会”, reviewed, some excellent and some of those recommended upward.

Written through the study services as SYSTEM; every choice is drawn from `ctx.rng`, so the
demo stays deterministic."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import Activity, Attendance
from sanwei.people.models import Person
from sanwei.study import services
from sanwei.study.models import YOUTH_STUDY, Essay, StudySeries

from .pillars import DemoContext

ESSAYS = 45

TOPICS = [
    "深刻领悟“两个确立”的决定性意义",
    "以学促干，在乡村振兴中当先锋",
    "把二十大精神讲到群众心坎上",
    "不落一人不漏一户的送学体会",
    "从屋场会看基层治理",
    "青年干部要练好“脚板功”",
    "学报告、谈产业、话发展",
    "做好新时代的群众工作",
]

SUMMARIES = [
    "结合联村工作，讲了入户宣讲的做法和群众的反馈。",
    "对照报告原文，谈了对中国式现代化的理解。",
    "分享了用方言和顺口溜宣讲的经验。",
    "谈了在村级产业发展中遇到的问题和打算。",
]

ESSAY_THEMES = [
    "读报告、谈体会", "学思践悟二十大", "奋进新征程", "乡村振兴我先行", "不忘初心担使命",
    "把论文写在大地上", "做群众的贴心人", "践行群众路线",
]  # fmt: skip

ESSAY_SUBJECTS = [
    "送学上门记", "屋场会上的收获", "宣讲路上的思考", "青年干部的责任", "产业兴村的体会",
    "基层治理的一点认识", "入户走访手记", "学习笔记",
]  # fmt: skip

PARAGRAPHS = [
    "党的二十大报告为新时代新征程指明了方向，作为基层干部，我们要学深悟透、真学真用。",
    "在入户宣讲中，我们用群众听得懂的话讲政策，老人们听得认真，问得仔细。",
    "乡村振兴关键在产业，产业发展关键在人，要让村里的年轻人看到希望、留得下来。",
    "屋场会拉近了干部和群众的距离，群众提出的意见要件件有回音、事事有着落。",
    "青年干部要在急难险重任务中经风雨、见世面、长才干，把所学所悟转化为工作实效。",
    "今后我将继续坚持学习，把二十大精神落实到为群众办实事的每一件小事中。",
]

DEPARTMENTS = ["慈利县委宣传部", "慈利县委组织部", "张家界市委宣传部"]


def _series(ctx: DemoContext) -> tuple[StudySeries | None, int, int]:
    sessions = list(
        Activity.unscoped.filter(activity_type__code=YOUTH_STUDY, campaign=ctx.campaign)
        .select_related("region")
        .order_by("starts_at", "pk")
    )
    if not sessions:
        return None, 0, 0
    series = StudySeries(
        region=ctx.town,
        campaign=ctx.campaign,
        title=_("东岳观镇青年干部学习座谈会"),
        rule="weekday",
        week_of_month=4,
        weekday=3,  # the fourth Thursday
        start_time=dt.time(15, 0),
        duration_minutes=120,
        place=sessions[0].place,
    )
    services.save_series(series, user=SYSTEM)
    linked = [services.link_session(series, a, user=SYSTEM) for a in sessions]
    # The cadres who came, from the first session they came to (a later joiner's rate
    # counts only the sessions since).
    first_seen: dict[int, dt.date] = {}
    attended = Attendance.unscoped.filter(activity__in=sessions).order_by(
        "activity__starts_at", "pk"
    )
    for person_id, starts_at in attended.values_list("person_id", "activity__starts_at"):
        first_seen.setdefault(person_id, timezone.localtime(starts_at).date())
    people = {p.pk: p for p in Person.unscoped.filter(pk__in=first_seen).select_related("region")}
    second = timezone.localtime(sessions[min(1, len(sessions) - 1)].starts_at).date()
    for person_id in sorted(first_seen, key=lambda pk: (first_seen[pk], pk)):
        seen = first_seen[person_id]
        joined = ctx.campaign.starts_on if seen <= second else seen
        services.add_participant(series, people[person_id], joined_on=joined, user=SYSTEM)
    presentations = 0
    for session in linked:
        present = list(
            Attendance.unscoped.filter(activity=session.activity)
            .order_by("role", "pk")
            .values_list("person_id", flat=True)
            .distinct()
        )
        for person_id in ctx.rng.sample(present, min(len(present), ctx.rng.randint(2, 3))):
            services.add_presentation(
                session,
                people[person_id],
                topic=ctx.rng.choice(TOPICS),
                summary=ctx.rng.choice(SUMMARIES),
                user=SYSTEM,
            )
            presentations += 1
    return series, len(linked), presentations


def _authors(ctx: DemoContext) -> list[Person]:
    """Cadres first (those with a post), then party members, in the builder's order."""
    cadres = [p for p in ctx.persons if p.cadre_post]
    party = [p for p in ctx.persons if p.party_status and not p.cadre_post]
    return cadres + party or list(ctx.persons)


def _essays(ctx: DemoContext) -> tuple[int, int, int]:
    rng = ctx.rng
    authors = _authors(ctx)
    titles = [f"{t}——{s}" for t in ESSAY_THEMES for s in ESSAY_SUBJECTS]
    chosen_titles = rng.sample(titles, ESSAYS)
    excellent = recommended = 0
    for n, title in enumerate(chosen_titles):
        author = authors[rng.randrange(len(authors))] if authors else None
        typed = n % 9 == 8  # a few authors outside the roster, their names typed
        body = "\n".join(rng.sample(PARAGRAPHS, rng.randint(3, 5)))
        essay = Essay(
            region=author.region if author and not typed else ctx.town,
            campaign=ctx.campaign,
            title=title,
            body=body,
            author=None if typed or author is None else author,
            author_name=_("镇机关干部%(n)s") % {"n": n + 1} if typed or author is None else "",
        )
        services.submit_essay(essay, user=SYSTEM)
        if rng.random() < 0.15:
            continue  # not reviewed yet
        score = rng.randint(62, 98)
        good = score >= 88
        services.review_essay(
            essay,
            score=score,
            comment=rng.choice(["联系实际，感悟真切。", "语言朴实，建议充实事例。", "思路清晰。"]),
            excellent=good,
            user=SYSTEM,
        )
        if not good:
            continue
        excellent += 1
        if rng.random() < 0.6:
            recommended += 1
            for department in rng.sample(DEPARTMENTS, rng.randint(1, 2)):
                services.recommend_essay(
                    essay,
                    department=department,
                    recommended_on=ctx.today - dt.timedelta(days=rng.randint(0, 30)),
                    user=SYSTEM,
                )
    return ESSAYS, excellent, recommended


def build(ctx: DemoContext) -> dict[str, int]:
    series, sessions, presentations = _series(ctx)
    collected, excellent, recommended = _essays(ctx)
    return {
        _("青年干部学习系列"): 1 if series else 0,
        _("学习座谈"): sessions,
        _("交流发言"): presentations,
        _("心得体会"): collected,
        _("优秀心得"): excellent,
        _("推荐上报心得"): recommended,
    }
