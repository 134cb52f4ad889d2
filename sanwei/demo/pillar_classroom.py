"""The demo town's 微课堂 extras: a small materials library (policy points, a document,
audio and video links) with some share-page views, the materials some mobile lectures and
deliveries used, and the 三句半 script of a performance with its four performers.

Written through the classroom services as SYSTEM (the attachment checks run on the
document); every choice is drawn from `ctx.rng`, so the demo stays deterministic."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import Activity, Attendance, AttendanceRole
from sanwei.classroom import services
from sanwei.classroom.models import Material, MaterialKind

from .pillars import DemoContext

POLICY_POINTS = """一、过去五年和新时代十年的伟大变革，具有里程碑意义。
二、开辟马克思主义中国化时代化新境界。
三、新时代新征程中国共产党的使命任务：以中国式现代化全面推进中华民族伟大复兴。
四、全面推进乡村振兴，坚持农业农村优先发展。
五、增进民生福祉，提高人民生活品质。
六、坚定不移全面从严治党。"""

RURAL = """乡村振兴二十字：产业兴旺、生态宜居、乡风文明、治理有效、生活富裕。
全面推进产业、人才、文化、生态、组织振兴。
巩固拓展脱贫攻坚成果，增强脱贫地区和脱贫群众内生发展动力。"""

DOCUMENT = (
    "东岳观镇学习宣传贯彻党的二十大精神宣讲提纲\n\n"
    "一、学习目标：不落一人、不漏一户。\n"
    "二、宣讲方式：培训学、唱演学、流动学、送学上门。\n"
    "三、宣讲要求：用群众听得懂的话讲清楚。\n"
)

SCRIPT = """《二十大精神进万家》

锣鼓一响喜洋洋，
二十大精神放光芒，
我们四个来宣讲，
听好！

乡村振兴路宽广，
产业兴旺奔小康，
青山绿水是银行，
没错！

党员干部带头干，
为民办事不怕难，
不落一人不漏户，
暖心！

三句半来说到这，
学习精神记心窝，
撸起袖子加油干，
鞠躬！"""


def _materials(ctx: DemoContext) -> list[Material]:
    town = ctx.town
    items = [
        (MaterialKind.TEXT, "党的二十大报告要点（六条）", "五分钟读懂二十大报告", POLICY_POINTS, ""),
        (MaterialKind.TEXT, "乡村振兴政策一图读懂", "乡村振兴二十字方针", RURAL, ""),
        (MaterialKind.DOCUMENT, "东岳观镇宣讲提纲", "各宣讲队统一使用的提纲", "", ""),
        (MaterialKind.AUDIO, "二十大精神方言广播", "村村响广播稿录音", "", "https://audio.example.cn/20da.mp3"),
        (MaterialKind.VIDEO, "二十大精神微视频", "三分钟微视频", "", "https://video.example.cn/20da.mp4"),
        (MaterialKind.VIDEO, "三句半《二十大精神进万家》演出视频", "唱演学现场", "", "https://video.example.cn/sjb.mp4"),
    ]  # fmt: skip
    made = []
    for kind, title, summary, body, url in items:
        material = Material(
            region=town, kind=kind, title=title, summary=summary, body=body, url=url
        )
        upload = None
        if kind == MaterialKind.DOCUMENT:
            upload = SimpleUploadedFile("宣讲提纲.txt", DOCUMENT.encode())
        made.append(services.save_material(material, upload=upload, user=SYSTEM))
    # Two villages wrote their own: a 顺口溜 of the policy in local words.
    for village in ctx.rng.sample(ctx.villages, min(2, len(ctx.villages))):
        material = Material(
            region=village,
            kind=MaterialKind.TEXT,
            title=_("%(village)s政策顺口溜") % {"village": village.name},
            summary=_("村宣讲队编的顺口溜"),
            body="党的政策暖人心，\n乡村振兴要齐心。",
        )
        made.append(services.save_material(material, user=SYSTEM))
    for material in made:
        Material.unscoped.filter(pk=material.pk).update(view_count=ctx.rng.randint(3, 180))
    return made


def _link(ctx: DemoContext, materials: list[Material]) -> int:
    """About a third of the mobile lectures and a quarter of the deliveries name materials
    (the first of each always)."""
    link = Material.activities.through
    rows = []
    activities = Activity.unscoped.filter(
        activity_type__code__in=["mobile_lecture", "delivery"]
    ).select_related("activity_type", "region")
    linked, seen = 0, set()
    for activity in activities.order_by("starts_at", "title", "pk"):
        code = activity.activity_type.code
        share = 3 if code == "mobile_lecture" else 4
        first = code not in seen  # the first of each kind, so even a small demo shows it
        seen.add(code)
        if ctx.rng.randrange(share) and not first:
            continue
        fitting = [m for m in materials if services.material_fits(m, activity.region)]
        chosen = ctx.rng.sample(fitting, min(len(fitting), ctx.rng.randint(1, 2)))
        rows += [link(activity_id=activity.pk, material_id=m.pk) for m in chosen]
        linked += 1
    link.objects.bulk_create(rows)
    return linked


def _script(ctx: DemoContext) -> int:
    """The first performance gets its script; its four performers are its lecturers."""
    performance = (
        Activity.unscoped.filter(activity_type__code="performance")
        .select_related("activity_type", "region")
        .order_by("starts_at", "pk")
        .first()
    )
    if performance is None:
        return 0
    performers = [
        a.person
        for a in Attendance.unscoped.filter(activity=performance, role=AttendanceRole.LECTURER)
        .select_related("person__region")
        .order_by("pk")
    ][:4]
    if len(performers) != 4:
        return 0
    services.save_script(performance, text=SCRIPT, performers=performers, user=SYSTEM)
    return 1


def build(ctx: DemoContext) -> dict[str, int]:
    materials = _materials(ctx)
    return {
        _("学习资料"): len(materials),
        _("使用学习资料的活动"): _link(ctx, materials),
        _("三句半剧本"): _script(ctx),
    }
