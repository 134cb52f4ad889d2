"""Demo data of 微研讨's courtyard meetings: every 屋场会 activity of the demo gets its
meeting record and hosts; those held by the demo's "today" get the opinions residents
raised there, carried through the opinion loop's services into every state (received,
assigned — some past their due date —, answered, adopted, partly adopted, not adopted,
closed), their closing record (minutes, attendee count defaulted from the attendance) and
each village a public board. The first PHOTOS opinions of the recent meetings carry a
photo, drawn for their category (`demo.photos`) and recorded as a photo taken at the
meeting is (checked, stored under the opinion's code), so the demo shows the feature.

The loop's services stamp their own times (now) and refuse due dates in the past; the
story is set in the winter of 2022-23, so the times and due dates are moved back to it
afterwards, as if each step had happened a few days after the one before."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import Activity, AttendanceRole
from sanwei.people.models import Person
from sanwei.seminar import meetings, services
from sanwei.seminar.board import open_board
from sanwei.seminar.models import (
    CourtyardMeeting,
    HostStanding,
    Opinion,
    OpinionCategory,
    OpinionEvent,
    OpinionState,
)

from .photos import opinion_photo
from .pillars import DemoContext, split_weighted

# The seed's count of opinions collected at courtyard meetings (at scale 1.0).
OPINIONS_COLLECTED = 261
# How many opinions of the recent meetings have a photo.
PHOTOS = 2

# (category code, opinion, reply, handling office)
OPINIONS: list[tuple[str, str, str, str]] = [
    ("roads", "村口到组里的路太窄，两台车会不了车，希望拓宽并加几处错车道",
     "已将该路段列入明年通组公路提质计划，先在三处弯道增设错车道。", "镇交通站"),
    ("roads", "村口的路灯坏了好几盏，晚上老人走路不安全",
     "已安排电工更换损坏路灯，并将路灯维护纳入村级日常管护。", ""),
    ("roads", "通往学校的小桥栏杆松动，下雨天孩子过桥很危险",
     "已对小桥栏杆进行加固，并设置了警示标志。", "镇交通站"),
    ("roads", "组里的机耕道被雨水冲坏了，农用车进不去",
     "已组织劳力对机耕道进行修补，冬修水利时一并硬化。", ""),
    ("water", "山上几户人家自来水水压太小，白天经常接不到水",
     "已在高处加装一台增压泵，近期将试运行。", "镇水利站"),
    ("water", "二组的灌溉渠淤塞了，春耕前需要清淤",
     "已列入今冬水利冬修计划，组织群众投工投劳清淤。", "镇水利站"),
    ("water", "希望检测一下井水水质，最近水有点发黄",
     "已请县疾控中心取样检测，结果合格，将定期复检并公示。", "镇卫生院"),
    ("water", "山塘漏水，蓄不住水，影响几十亩田的灌溉",
     "山塘整治已申报县水利局项目，待批复后实施。", "镇水利站"),
    ("elder", "村里独居老人多，希望办个老年食堂，解决吃饭难",
     "村里正利用闲置村部筹建互助养老食堂，先为80岁以上老人供餐。", "镇民政办"),
    ("elder", "希望定期有人上门看看高龄老人，帮忙代购药品",
     "已安排志愿者结对联系高龄独居老人，每周上门一次。", ""),
    ("elder", "老年人办高龄补贴手续太麻烦，要跑好几趟",
     "高龄补贴可由村干部代办，已在村务公开栏公示办理流程。", "镇民政办"),
    ("edu", "放学后孩子没人管，希望暑假办个托管班",
     "将联合团委和学校开办暑期公益托管班。", "镇中心学校"),
    ("edu", "校车接送点离家太远，低年级孩子走路不安全",
     "已与学校协商增设一个接送点。", "镇中心学校"),
    ("health", "村卫生室药品不全，常用的降压药经常缺货",
     "已督促村卫生室补齐基本药物目录内常用药品。", "镇卫生院"),
    ("health", "希望医生每月来村里给老人量血压、做体检",
     "镇卫生院家庭医生团队每月第一周进村巡诊。", "镇卫生院"),
    ("health", "医保缴费标准又涨了，有些家庭有困难",
     "困难群众可按政策享受参保资助，已逐户核实并代为申请。", "镇医保站"),
    ("agri", "柑橘卖不出好价钱，希望帮忙联系销路",
     "镇里将组织电商直播带货，并对接县农产品展销会。", "镇农业综合服务中心"),
    ("agri", "想学种植技术，希望请农技员来村里讲课",
     "农技站将在春耕前开展两期种植技术培训。", "镇农业综合服务中心"),
    ("agri", "野猪下山糟蹋庄稼，损失不小",
     "已联系县林业局，组织护农队进行驱赶，并帮助申报农业保险理赔。", "镇林业站"),
    ("agri", "村里年轻人都外出了，希望引进企业在家门口就业",
     "正在对接一家农产品加工企业在村里设立扶贫车间。", ""),
    ("env", "垃圾收集点太少，有的人家把垃圾倒在河边",
     "已增设两个垃圾收集点，并组织开展河道清理。", ""),
    ("env", "养猪场臭味大，污水流进了水沟",
     "已责令养殖户限期整改，建设沼气池处理粪污。", "镇生态环境站"),
    ("env", "希望把村里的公共厕所修一修",
     "公厕改造已纳入人居环境整治项目，年内完成。", ""),
    ("gov", "希望村里的账目定期公开，让大家看得明白",
     "村务、财务每季度在公开栏和微信群公开一次。", ""),
    ("gov", "低保评定要公开透明，评议结果应该张榜公示",
     "低保评议严格按程序民主评议并张榜公示七天。", "镇民政办"),
    ("gov", "村里开会的时间最好放在晚上，白天大家都在干活",
     "屋场会今后一般安排在晚上七点举行。", ""),
    ("policy", "农村养老保险交多少档划算，想听听政策讲解",
     "镇人社所将在屋场会上专题讲解城乡居民养老保险政策。", "镇人社所"),
    ("policy", "危房改造补助怎么申请，条件是什么",
     "已将申请条件和流程印发到户，符合条件的可向村委会提出申请。", "镇住建办"),
    ("policy", "耕地地力保护补贴今年什么时候发",
     "补贴资金已于本月通过“一卡通”发放到户。", "镇财政所"),
    ("other", "希望村里多组织一些文艺活动，丰富老百姓的业余生活",
     "村里将组建广场舞队，春节期间举办文艺汇演。", ""),
]  # fmt: skip

# The order states are handed out in, so that even a small demo has every one of them.
STATE_CYCLE = [
    OpinionState.RECEIVED,
    OpinionState.ASSIGNED,
    OpinionState.ANSWERED,
    OpinionState.ADOPTED,
    OpinionState.PARTLY_ADOPTED,
    OpinionState.NOT_ADOPTED,
    OpinionState.CLOSED,
    OpinionState.ASSIGNED,  # a second one: one overdue, one not yet
    OpinionState.CLOSED,
    OpinionState.ANSWERED,
]
# Opinions raised at meetings more than RECENT before the story's today have all been
# answered by then (ANSWERED_CYCLE); the recent ones go through STATE_CYCLE, so only a
# handful are still open (and a few of those overdue) — the overdue lists, which read the
# real date, show those few, not every opinion of the campaign.
RECENT = dt.timedelta(days=14)
ANSWERED_CYCLE = [
    OpinionState.ANSWERED,
    OpinionState.ADOPTED,
    OpinionState.CLOSED,
    OpinionState.PARTLY_ADOPTED,
    OpinionState.NOT_ADOPTED,
    OpinionState.CLOSED,
    OpinionState.ADOPTED,
]
PARTLY_REASONS = [
    "资金有限，先实施一期，其余部分列入明年计划。",
    "部分内容超出村级权限，已向上级反映。",
]
NOT_ADOPTED_REASONS = [
    "经核实，该事项不属于村级办理范围，已向群众说明并引导通过相应渠道反映。",
    "相关政策已有明确规定，暂无法调整，已上门向群众解释说明。",
]
# The answer to an opinion that is not adopted: its own words, not the adopted one's.
NOT_ADOPTED_REPLY = (
    "经村委会研究并征求有关部门意见，该建议目前暂不具备实施条件，具体原因见采纳说明。"
)
TYPED_HOSTS = [("覃国华", HostStanding.DEPUTY), ("向明德", HostStanding.RETIRED_CADRE)]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _standing(person: Person) -> str:
    if person.cadre_post:
        return HostStanding.VILLAGE_CADRE
    if person.is_party_member and (person.age or 0) >= 60:
        return HostStanding.OLD_PARTY_MEMBER
    return HostStanding.VILLAGE_CADRE


def _hosts(ctx: DemoContext, meeting: CourtyardMeeting) -> int:
    lecturers = list(
        Person.unscoped.filter(
            attendances__activity=meeting.activity, attendances__role=AttendanceRole.LECTURER
        ).order_by("id")
    )
    made = 0
    for person in lecturers[:2]:
        meetings.add_host(meeting, standing=_standing(person), person=person, user=SYSTEM)
        made += 1
    if not lecturers or ctx.rng.random() < 0.25:
        name, standing = ctx.rng.choice(TYPED_HOSTS)
        meetings.add_host(meeting, standing=standing, name=name, user=SYSTEM)
        made += 1
    return made


def _raisers(meeting: CourtyardMeeting) -> list[Person]:
    return list(
        Person.unscoped.filter(
            attendances__activity=meeting.activity, attendances__role=AttendanceRole.AUDIENCE
        )
        .select_related("region")
        .order_by("id")
    )


def _assignee(ctx: DemoContext, opinion: Opinion, office: str) -> dict:
    from .builder import FIRST_VILLAGE_CODE

    if office:
        return {"assignee_office": office}
    if opinion.region.code.startswith(FIRST_VILLAGE_CODE) and ctx.rng.random() < 0.6:
        return {"assignee": ctx.users["secretary"]}
    return {"assignee": ctx.users["town"]}


def _carry(
    ctx: DemoContext, opinion: Opinion, state: str, entry, overdue: bool, today: dt.date
) -> None:
    """Move `opinion` through the loop's services to `state`, then back-date its steps."""
    _code, _text, reply, office = entry
    if state == OpinionState.RECEIVED:
        _back_date(ctx, opinion, overdue, today)
        return
    future = timezone.localdate() + dt.timedelta(days=30)
    services.assign_opinion(opinion, due_on=future, user=SYSTEM, **_assignee(ctx, opinion, office))
    if state == OpinionState.NOT_ADOPTED:
        reply = NOT_ADOPTED_REPLY
    if state != OpinionState.ASSIGNED:
        services.answer_opinion(opinion, reply=reply, user=SYSTEM)
    if state in (OpinionState.ADOPTED, OpinionState.PARTLY_ADOPTED, OpinionState.NOT_ADOPTED):
        reasons = {
            OpinionState.PARTLY_ADOPTED: PARTLY_REASONS,
            OpinionState.NOT_ADOPTED: NOT_ADOPTED_REASONS,
        }
        reason = ctx.rng.choice(reasons[state]) if state in reasons else ""
        services.decide_opinion(opinion, decision=state, reason=reason, user=SYSTEM)
    if state == OpinionState.CLOSED:
        services.decide_opinion(opinion, decision="adopted", user=SYSTEM)
        services.close_opinion(opinion, user=SYSTEM)
    _back_date(ctx, opinion, overdue, today)


def _back_date(ctx: DemoContext, opinion: Opinion, overdue: bool, today: dt.date) -> None:
    """Each step a few days after the one before, none after the story's `today`; an
    overdue opinion's due date has passed by then, the others' lies after it."""
    raised = opinion.raised_on
    assigned = min(raised + dt.timedelta(days=ctx.rng.randint(1, 3)), today)
    if overdue:
        due = min(assigned + dt.timedelta(days=ctx.rng.randint(3, 7)), today - dt.timedelta(days=1))
    else:
        due = today + dt.timedelta(days=ctx.rng.randint(5, 15))
    answered = min(assigned + dt.timedelta(days=ctx.rng.randint(2, 12)), today)
    decided = min(answered + dt.timedelta(days=ctx.rng.randint(1, 5)), today)
    closed = min(decided + dt.timedelta(days=ctx.rng.randint(1, 5)), today)
    when = {
        "create": _at(raised, 20),
        "assign": _at(assigned, 9),
        "answer": _at(answered, 15),
        "decide": _at(decided, 16),
        "close": _at(closed, 17),
    }
    fields = {"due_on": due} if opinion.due_on else {}
    if opinion.answered_at:
        fields["answered_at"] = when["answer"]
    if opinion.decided_at:
        fields["decided_at"] = when["decide"]
    if opinion.closed_at:
        fields["closed_at"] = when["close"]
    if fields:
        Opinion.unscoped.filter(pk=opinion.pk).update(**fields)
    for event in OpinionEvent.unscoped.filter(opinion=opinion):
        if event.action in when:
            OpinionEvent.unscoped.filter(pk=event.pk).update(at=when[event.action])


def _minutes(activity: Activity, texts: list[str]) -> str:
    lines = [f"{activity.place}召开屋场会，宣讲党的二十大精神，围绕群众关心的事开展讨论。"]
    if texts:
        lines.append("群众提出的意见：")
        lines += [f"{k}. {text}" for k, text in enumerate(texts, 1)]
        lines.append("会议议定：以上意见由村委会登记，按时交办、限时答复，办理结果在公开栏公示。")
    return "\n".join(lines)


def build(ctx: DemoContext) -> dict[str, int]:

    activities = (
        Activity.unscoped.filter(campaign=ctx.campaign, activity_type__code=meetings.MEETING_TYPE)
        .select_related("region", "campaign")
        .order_by("starts_at", "id")
    )
    held_before = _at(ctx.today + dt.timedelta(days=1), 0)
    categories = {c.code: c for c in OpinionCategory.objects.all()}
    made = {"屋场会": 0, "屋场会主持人": 0, "群众意见": 0, "意见公开栏": 0}
    record = []
    for activity in activities:
        meeting = CourtyardMeeting.unscoped.create(activity=activity)
        made["屋场会"] += 1
        made["屋场会主持人"] += _hosts(ctx, meeting)
        if activity.starts_at < held_before:
            record.append(meeting)
    # The story's today; a small demo may have held no meeting by then: its first one
    # then, and a story three weeks after it.
    today = ctx.today
    if not record and made["屋场会"]:
        first = CourtyardMeeting.unscoped.select_related("activity").order_by(
            "activity__starts_at", "id"
        )[0]
        record = [first]
        today = timezone.localdate(first.activity.starts_at) + dt.timedelta(days=21)

    # Opinions: the seed's 261 (at scale 1.0), 2–6 or so per meeting held, and at least as
    # many as the states to show.
    per_meeting = split_weighted(
        max(1, round(OPINIONS_COLLECTED * ctx.scale)) if record else 0,
        [ctx.rng.uniform(2, 6) for _m in record],
    )
    k = 0
    while record and sum(per_meeting) < len(STATE_CYCLE):
        per_meeting[k % len(record)] += 1
        k += 1
    # The recent meetings: those of the last RECENT, and before them as many as make up
    # one cycle of the states (a small demo still shows every state).
    recent_meetings, in_cycle = set(), 0
    for meeting, count in reversed(list(zip(record, per_meeting, strict=True))):
        held_on = timezone.localdate(meeting.activity.starts_at)
        if held_on < today - RECENT and in_cycle >= len(STATE_CYCLE):
            break
        recent_meetings.add(meeting.pk)
        in_cycle += min(count, len(OPINIONS))
    n = recent = photos = 0
    for meeting, count in zip(record, per_meeting, strict=True):
        activity = meeting.activity
        raisers = _raisers(meeting)
        texts = []
        for entry in ctx.rng.sample(OPINIONS, min(count, len(OPINIONS))):
            code, text, _reply, _office = entry
            raiser = ctx.rng.choice(raisers) if raisers and ctx.rng.random() < 0.85 else None
            photo = None
            if meeting.pk in recent_meetings and photos < PHOTOS:
                photo, photos = opinion_photo(code), photos + 1
            opinion = meetings.record_opinion(
                meeting,
                text=text,
                raised_by=raiser,
                raised_by_name="" if raiser else ctx.rng.choice(["返乡村民", "过路群众", "老党员"]),
                photo=photo,
                user=SYSTEM,
            )
            if code in categories:
                Opinion.unscoped.filter(pk=opinion.pk).update(category=categories[code])
            if meeting.pk not in recent_meetings:
                # Raised weeks ago: answered by today.
                state, overdue = ANSWERED_CYCLE[(n - recent) % len(ANSWERED_CYCLE)], False
            else:
                state = STATE_CYCLE[recent % len(STATE_CYCLE)]
                # The first assigned one of each cycle is past its due date.
                overdue = state == OpinionState.ASSIGNED and recent % len(STATE_CYCLE) == 1
                recent += 1
            _carry(ctx, opinion, state, entry, overdue, today)
            texts.append(text)
            n += 1
        meetings.close_meeting(meeting, minutes=_minutes(activity, texts), user=SYSTEM)
        CourtyardMeeting.unscoped.filter(pk=meeting.pk).update(
            closed_at=activity.ends_at + dt.timedelta(minutes=30)
        )
    made["群众意见"] = n
    for village in ctx.villages:
        open_board(village, user=SYSTEM)
        made["意见公开栏"] += 1
    return made
