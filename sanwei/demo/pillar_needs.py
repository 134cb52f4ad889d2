"""Demo data of 微服务 needs: residents' needs in every state of the loop (reported,
accepted, rejected, referred, dispatched, in progress, resolved, rated, closed), carried
through the needs services by SYSTEM, some past their time limit, rated ones with the
residents' stars; the demo's volunteer and team leader logins act as their squad
volunteers (`VolunteerAccount`), so 志愿者接单 shows them something.

The loop's services stamp their own times (now); each need is then moved into the story
(`story.date_need`): the ones handled were registered one to four weeks before the demo's
today, so their ratings fall within the month the review (`pillar_reviews`) looks back
over; the open ones were registered in the last day, except every third one, registered
earlier and past its time limit by today (overdue). All lie inside the campaign."""

from __future__ import annotations

import datetime as dt

from sanwei.accounts.permissions import SYSTEM
from sanwei.needs import services
from sanwei.needs.models import Need, NeedCategory, NeedSource, VolunteerAccount
from sanwei.people.models import Person
from sanwei.teams.models import Membership, TeamKind

from .pillars import DemoContext
from .story import aware, date_need

# (category code, urgency, what is needed, what was done)
NEEDS: list[tuple[str, str, str, str]] = [
    ("repair", "urgent", "厨房水管漏水，地上全是水", "更换了老化的水管接头，试水不漏"),
    ("daily_help", "normal", "独居老人腿脚不便，需要代购降压药", "到镇卫生院代购降压药两盒送到家"),
    ("repair", "normal", "组里路口的路灯坏了，晚上看不见路", "联系电工更换灯泡和开关"),
    ("policy", "normal", "手机不会用医保App，想查医保余额", "上门教会老人使用医保App查询余额"),
    ("care", "normal", "留守儿童放学后没人辅导作业", "安排志愿者每周两次上门辅导作业"),
    ("health", "urgent", "老人想预约家庭医生上门量血压", "联系家庭医生团队上门量血压并建档"),
    ("env", "normal", "屋后沟渠堵了，下雨就漫到院子里", "组织志愿者清理沟渠淤泥"),
    ("daily_help", "critical", "高龄老人家里断了电，天冷需要取暖", "检查线路更换保险丝，恢复供电"),
    (
        "mediation",
        "normal",
        "两户因宅基地边界有争执，希望调解",
        "请村调解委员会上门调解，双方达成协议",
    ),
    ("jobs", "normal", "想报名参加镇里的电商培训", "帮助报名并送去培训资料"),
    ("repair", "urgent", "房顶漏雨，需要帮忙捡瓦", "志愿者上房捡瓦，堵住漏点"),
    ("policy", "normal", "想咨询高龄补贴怎么申请", "讲解申请条件并代为提交材料"),
    ("other", "normal", "想借用村部场地办寿宴", "协调村部场地并讲清使用要求"),
    ("daily_help", "urgent", "卧床老人需要有人帮忙买菜", "每周两次代购蔬菜送到家"),
    ("health", "normal", "想了解慢性病用药报销政策", "讲解门诊慢特病报销政策"),
    ("repair", "normal", "自来水龙头关不严，一直滴水", "更换水龙头阀芯"),
    ("env", "normal", "组里垃圾桶满了没人清运", "联系保洁员清运并增加清运次数"),
    ("care", "urgent", "独居老人摔了一跤，想请人定期看看", "结对志愿者每周上门看望"),
]

# Where each need ends up, in turn (every state at least once; open ones most often).
STATES = [
    "rated", "closed", "in_progress", "dispatched", "accepted", "reported", "resolved",
    "rated", "rejected", "referred", "dispatched", "accepted", "rated", "in_progress",
    "reported", "closed", "accepted", "resolved",
]  # fmt: skip
RATINGS = [5, 4, 2, 3, 5, 1]  # one resident unhappy: the review discusses it


def _squad_people(squad) -> list:
    return [
        m.person
        for m in Membership.unscoped.filter(team=squad, ended_on__isnull=True)
        .select_related("person", "person__region")
        .order_by("role", "person_id")
    ]


def _link_logins(ctx: DemoContext) -> None:
    """The demo's volunteer and team leader logins are named after squad members."""
    for username in ("volunteer", "leader"):
        user = ctx.users.get(username)
        if user is None or not user.first_name:
            continue
        membership = (
            Membership.unscoped.filter(
                team__kind=TeamKind.SQUAD, ended_on__isnull=True, person__name=user.first_name
            )
            .select_related("person")
            .order_by("pk")
            .first()
        )
        if membership is not None:
            VolunteerAccount.unscoped.get_or_create(
                user=user, defaults={"person": membership.person}
            )


def _ensure_categories() -> None:
    """The migration's default categories (a fresh rebuild flushes the tables)."""
    import importlib

    defaults = importlib.import_module("sanwei.needs.migrations.0002_default_categories")
    for order, (code, name, description) in enumerate(defaults.DEFAULT_CATEGORIES):
        NeedCategory.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "sort_order": order}
        )


def build(ctx: DemoContext) -> dict[str, int]:
    squads = ctx.teams.get("squads") or []
    _ensure_categories()
    categories = {c.code: c for c in NeedCategory.objects.all()}
    made = {"群众需求": 0, "需求评价": 0, "逾期需求": 0}
    if not squads:
        return made
    first = _squad_people(squads[0])
    _link_logins(ctx)
    rated = 0
    handled: list[tuple[Need, str]] = []
    for n, (code, urgency, text, done) in enumerate(NEEDS):
        squad = squads[n % min(len(squads), 4)]
        crew = first if squad is squads[0] else _squad_people(squad)
        if not crew:
            continue
        state = STATES[n % len(STATES)]
        region = squad.region
        people = list(
            Person.unscoped.filter(region__path__startswith=region.path).order_by("pk")[:40]
        ) or [None]
        resident = people[ctx.rng.randrange(len(people))]
        need = services.register_need(
            user=SYSTEM, region=region, description=text, category=categories[code],
            urgency=urgency, source=NeedSource.VISIT if n % 3 else NeedSource.STAFF,
            person=resident,
        )  # fmt: skip
        made["群众需求"] += 1
        handled.append((need, state))
        if state == "rejected":
            services.reject(need, user=SYSTEM, reason="不属于志愿服务范围，已告知群众到村部办理")
            continue
        if state == "reported":
            continue
        if state == "referred":
            services.refer(need, user=SYSTEM, reason="涉及资金和审批，上报镇里协调")
            continue
        services.accept(need, user=SYSTEM)
        if state == "accepted":
            continue
        volunteer = crew[n % len(crew)]
        if n % 4 == 1:
            services.take(need, user=SYSTEM, person=volunteer)
        else:
            services.dispatch(need, user=SYSTEM, volunteer=volunteer)
        if state == "dispatched":
            continue
        services.start(need, user=SYSTEM)
        if state == "in_progress":
            continue
        helpers = {volunteer: str(ctx.rng.choice([1, 1.5, 2, 3]))}
        if len(crew) > 1 and n % 2:
            helpers[crew[(n + 1) % len(crew)]] = "1"
        services.resolve(need, user=SYSTEM, summary=done, hours=helpers)
        if state == "resolved":
            continue
        services.rate_by_code(need.code, rating=RATINGS[rated % len(RATINGS)],
                              comment="志愿者很热心，谢谢" if rated % 2 == 0 else "")  # fmt: skip
        rated += 1
        made["需求评价"] += 1
        if state == "closed":
            services.close(need, user=SYSTEM)
    open_states, still_open = set(services.OPEN_STATES), 0
    for need, state in handled:
        if state not in open_states:  # handled: one to four weeks before today
            day = ctx.today - dt.timedelta(days=ctx.rng.randint(8, 26))
        elif (still_open := still_open + 1) % 3 == 1:  # open, past its time limit by today
            limit = services.time_limit(need.urgency).days
            day = ctx.today - dt.timedelta(days=limit + ctx.rng.randint(2, 6))
            made["逾期需求"] += 1
        else:  # open, registered since yesterday
            day = ctx.today - dt.timedelta(
                days=ctx.rng.randint(0, 1) if need.urgency != "critical" else 0
            )
        date_need(need, aware(day, ctx.rng.randint(8, 11), ctx.rng.choice((0, 15, 30, 45))))
    return made
