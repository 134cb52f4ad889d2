"""The demo town: 东岳观镇 of 慈利县 with 16 villages, its people and its campaign.

`build_demo(seed, scale)` writes a whole, plausible town in one transaction: the region
tree (marked demo), ~6,000 households with ~20,000 residents (at scale 1.0), party
members, lecturers, the 16 lecture teams, the 星火 volunteer brand with its squadron and
squads, the campaign 学习宣传贯彻党的二十大精神 and its activities in the magnitudes the
seed reports, and one demo login per role.

Everything comes from `random.Random(seed)` and a seeded `Faker("zh_CN")`, so the same
seed on an empty database gives the same town (names, dates, ID numbers, counts); only
ciphertexts, activity codes and timestamps differ. Ages are reckoned at the campaign
start (REFERENCE_DATE), so "aged 60+" shares are as of 2022-10-25.

Activity counts scale with `scale` too (at least one of every kind), so a small test
town still uses every activity type.
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from faker import Faker
from tqdm import tqdm

from sanwei.accounts.models import Role, RoleAssignment
from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.defaults import DEFAULT_ACTIVITY_TYPES, seed_default_types
from sanwei.activities.models import (
    Activity,
    ActivityType,
    Attendance,
    AttendanceRole,
    Campaign,
    Mode,
    Pillar,
    RecordedVia,
)
from sanwei.core.scoping import scopes_disabled
from sanwei.demo.pillars import DemoContext, build_pillars, split_weighted
from sanwei.people.models import (
    Gender,
    Household,
    LecturerCategory,
    PartyStatus,
    Person,
    RelationToHead,
)
from sanwei.people.services import prepare_person
from sanwei.people.validation import id_check_digit
from sanwei.regions.models import Region, RegionLevel
from sanwei.regions.services import load_regions, read_region_csv
from sanwei.teams.models import MemberRole, Membership, Team, TeamKind

__all__ = [
    "CAMPAIGN_NAME",
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "DEMO_TREE_CSV",
    "REFERENCE_DATE",
    "TOWN_CODE",
    "DemoLogin",
    "DemoSummary",
    "build_demo",
    "demo_login_rows",
    "is_demo_built",
]

DEFAULT_SEED = 20221025
DEMO_TREE_CSV = Path(__file__).resolve().parent.parent / "regions" / "data" / "demo_tree.csv"
COUNTY_CODE = "430821000000"
TOWN_CODE = "430821104000"
ID_REGION = "430821"  # 慈利县
CAMPAIGN_NAME = "学习宣传贯彻党的二十大精神"
CAMPAIGN_START = date(2022, 10, 25)
CAMPAIGN_END = date(2023, 3, 31)
REFERENCE_DATE = CAMPAIGN_START
# The demo's "now" for what is open or overdue: the campaign is under way on this day.
DEMO_TODAY = date(2023, 1, 10)
# The campaign's coverage targets (%): a few villages are ahead of them on DEMO_TODAY.
TARGET_PERSONS, TARGET_HOUSEHOLDS = 85, 95
BRAND_NAME = "星火志愿服务队"
# The seed's figures that the builder plans directly (at scale 1.0); the pillars add the rest
# (送学 tasks done add deliveries, the squadron's duty and planned services add volunteer
# activities), so that the town's figures over the campaign read as the seed does:
# 33 lectures of the lecture teams with 1350 audience person-times, 90+ deliveries, 300+
# volunteer activities (tests/demo/test_demo_dashboard_story.py).
MOBILE_LECTURES, MOBILE_AUDIENCE = 33, 1350
DELIVERIES_PLANNED = 48
VOLUNTEER_SERVICES_PLANNED = 200
TZ = ZoneInfo("Asia/Shanghai")

DEMO_PASSWORD = "sanwei-demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str | None  # None: superuser
    region_code: str | None
    label: str  # the role as shown in the logins table (lazy: translated when shown)


# The first village (东岳观村) is the story: its secretary, team leader and volunteer.
FIRST_VILLAGE_CODE = "430821104201"
SECOND_VILLAGE_CODE = "430821104202"
DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("admin", None, None, _lazy("超级管理员")),
    DemoLogin("county", Role.COUNTY_VIEWER, COUNTY_CODE, _lazy("县级查看")),
    DemoLogin("town", Role.TOWN_ADMIN, TOWN_CODE, _lazy("乡镇管理员")),
    DemoLogin("secretary", Role.VILLAGE_SECRETARY, FIRST_VILLAGE_CODE, _lazy("村（社区）书记")),
    DemoLogin("secretary2", Role.VILLAGE_SECRETARY, SECOND_VILLAGE_CODE, _lazy("村（社区）书记")),
    DemoLogin("leader", Role.TEAM_LEADER, FIRST_VILLAGE_CODE, _lazy("队长")),
    DemoLogin("volunteer", Role.VOLUNTEER, FIRST_VILLAGE_CODE, _lazy("志愿者")),
)


@dataclass
class DemoSummary:
    regions: int = 0
    villages: int = 0
    households: int = 0
    persons: int = 0
    elderly: int = 0
    party_members: int = 0
    lecturers: int = 0
    teams: int = 0
    memberships: int = 0
    campaigns: int = 0
    activities: int = 0
    attendances: int = 0
    audience_person_times: int = 0
    users: int = 0
    seconds: float = 0.0
    activities_by_type: dict[str, int] = field(default_factory=dict)
    pillars: dict[str, int] = field(default_factory=dict)  # label (Chinese) → count

    def lines(self) -> list[str]:
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        return [
            _("区划 %(regions)s（村/社区 %(villages)s）") % values,
            _(
                "户 %(households)s，群众 %(persons)s（60岁以上 %(elderly)s，"
                "党员 %(party_members)s，宣讲人才 %(lecturers)s）"
            )
            % values,
            _("队伍 %(teams)s，队员 %(memberships)s") % values,
            _(
                "专题 %(campaigns)s，活动 %(activities)s，参与记录 %(attendances)s，"
                "受众人次 %(audience_person_times)s"
            )
            % values,
            *(
                ["，".join(f"{label} {count}" for label, count in self.pillars.items())]
                if self.pillars
                else []
            ),
            _("账号 %(users)s，用时 %(seconds).1f 秒") % values,
        ]


def is_demo_built() -> bool:
    """Has the demo town been built in this database (its campaign exists)?"""
    with scopes_disabled():
        return Campaign.unscoped.filter(
            name=CAMPAIGN_NAME, region__code=TOWN_CODE, region__is_demo=True
        ).exists()


def demo_login_rows() -> list[tuple[str, str, str, str]]:
    """(role, username, password, region) of every demo login present in the database."""
    User = get_user_model()
    with scopes_disabled():
        names = dict(Region.unscoped.values_list("code", "name"))
        present = set(
            User.objects.filter(username__in=[d.username for d in DEMO_LOGINS]).values_list(
                "username", flat=True
            )
        )
    return [
        (str(d.label), d.username, DEMO_PASSWORD, names.get(d.region_code, _("全部")))
        for d in DEMO_LOGINS
        if d.username in present
    ]


# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------

# Common surnames of Cili county (向、田、覃 and 庹 are typical Tujia surnames), weighted.
LOCAL_SURNAMES: tuple[tuple[str, int], ...] = (
    ("向", 40), ("王", 34), ("李", 30), ("张", 26), ("田", 26), ("覃", 22), ("刘", 20),
    ("陈", 18), ("杨", 16), ("唐", 14), ("吴", 12), ("黄", 11), ("周", 10), ("卓", 9),
    ("朱", 9), ("龚", 8), ("熊", 8), ("彭", 8), ("谷", 7), ("胡", 7), ("袁", 6),
    ("钟", 6), ("赵", 6), ("宋", 5), ("邓", 5), ("罗", 5), ("皮", 4), ("庹", 4),
    ("符", 4), ("滕", 3), ("毛", 3), ("邹", 3), ("易", 3), ("戴", 3),
)  # fmt: skip
# Given names of children born after about 2005 (Faker's lists are of older generations).
YOUNG_MALE_NAMES = (
    "浩然", "宇轩", "子豪", "梓睿", "俊熙", "一鸣", "皓轩", "子墨", "宇航", "嘉豪",
    "博文", "思源", "天佑", "睿泽", "明轩", "子涵", "晨阳", "奕辰", "锦程", "沐阳",
)  # fmt: skip
YOUNG_FEMALE_NAMES = (
    "欣怡", "梓萱", "诗涵", "子涵", "雨桐", "可馨", "一诺", "语嫣", "思彤", "紫琪",
    "佳怡", "梦琪", "若曦", "雨萱", "欣妍", "梓涵", "芷若", "依诺", "沐晴", "安琪",
)  # fmt: skip
MIGRANT_DESTINATIONS: tuple[tuple[str, int], ...] = (
    ("广东东莞", 24), ("广东深圳", 16), ("广东广州", 10), ("广东佛山", 6), ("浙江义乌", 14),
    ("浙江杭州", 6), ("浙江宁波", 4), ("长沙", 18), ("张家界市区", 8), ("常德", 5),
    ("上海", 5), ("福建厦门", 4), ("江苏苏州", 5), ("北京", 2),
)  # fmt: skip
ETHNICITIES = (("汉族", 57), ("土家族", 40), ("白族", 3))
PHONE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "166", "173", "176", "177", "180", "181",
    "182", "183", "186", "187", "188", "189", "191", "198", "199",
)  # fmt: skip
LECTURE_TOPICS = (
    "中国式现代化", "全面推进乡村振兴", "江山就是人民，人民就是江山", "坚持人民至上",
    "发展全过程人民民主", "增进民生福祉，提高人民生活品质", "推进文化自信自强",
    "推动绿色发展，促进人与自然和谐共生", "全面从严治党", "建设平安中国",
    "办好人民满意的教育", "健全社会保障体系", "加快建设农业强国", "坚持和发展新时代“枫桥经验”",
)  # fmt: skip
VOLUNTEER_SERVICES = (
    ("环境治理", "人居环境整治：清理房前屋后垃圾"),
    ("环境治理", "河道沟渠清淤保洁"),
    ("环境治理", "公路沿线环境卫生大扫除"),
    ("关爱老幼", "看望空巢老人，帮忙打扫卫生"),
    ("关爱老幼", "关爱留守儿童：周末作业辅导"),
    ("关爱老幼", "为高龄老人义务理发"),
    ("文明护校", "文明护校：上学放学护学岗"),
    ("文明护校", "校园周边交通安全劝导"),
    ("政策咨询", "政策咨询进院落：医保社保政策解读"),
    ("政策咨询", "帮助群众办理医保缴费和养老认证"),
    ("教育", "防溺水安全教育进课堂"),
    ("文化", "农家书屋读书分享"),
    ("科普", "科普进村：防范电信网络诈骗"),
    ("科普", "科普进村：柑橘冬季修剪技术"),
    ("乡村振兴", "帮助农户采摘销售柑橘"),
    ("产业发展", "茶园冬管技术指导"),
    ("抗旱救灾", "抗旱送水：为缺水农户送生活用水"),
    ("抗旱救灾", "抗旱保供：协助清理山塘水源"),
    ("森林防火", "森林防火宣传：入户发放防火承诺书"),
    ("森林防火", "森林防火巡山"),
    ("村级治理", "矛盾纠纷排查调解"),
    ("走访慰问", "走访慰问困难群众"),
    ("文明劝导", "移风易俗文明劝导"),
)
MONTHS_ZH = {10: "十", 11: "十一", 12: "十二", 1: "一", 2: "二", 3: "三"}
ORDINALS_ZH = "一二三四五六七八九十"

# Lecturers other than the village secretaries and liaison cadres (one of each per village):
# category → (count at scale 1.0, youngest, oldest).
OTHER_LECTURERS: dict[str, tuple[int, int, int]] = {
    LecturerCategory.FARMING_EXPERT: (16, 38, 68),
    LecturerCategory.LOCAL_EXPERT: (14, 40, 72),
    LecturerCategory.RETIREE: (18, 60, 76),
    LecturerCategory.BUSINESS_LEADER: (12, 30, 56),
    LecturerCategory.RETURNED_GRADUATE: (8, 22, 32),
}


# --------------------------------------------------------------------------------------
# In-memory records
# --------------------------------------------------------------------------------------


@dataclass
class _P:
    """A person being generated (saved later in one bulk insert)."""

    idx: int
    village: int  # index into the village list
    hh: int  # index into the household list
    relation: str
    name: str
    gender: str
    birth: date
    ethnicity: str = "汉族"
    id_number: str = ""
    phone: str = ""
    party: str = ""
    party_joined: date | None = None
    frail: bool = False
    mobility: bool = False
    migrant: bool = False
    destination: str = ""
    lecturer: str = ""
    cadre_post: str = ""

    @property
    def age(self) -> int:
        r, b = REFERENCE_DATE, self.birth
        return r.year - b.year - ((r.month, r.day) < (b.month, b.day))

    @property
    def hard_to_reach(self) -> bool:
        return self.age >= 60 or self.frail or self.mobility or self.migrant

    @property
    def present(self) -> bool:
        """At home during the campaign (not away working)."""
        return not self.migrant


@dataclass
class _A:
    """An activity being generated, with its attendances as (person idx, role, hours)."""

    type_code: str
    title: str
    region: Region
    starts_at: datetime
    ends_at: datetime
    place: str = ""
    mode: str = Mode.OFFLINE
    team: Team | None = None
    headcount: int = 0
    notes: str = ""
    attendees: list[tuple[int, str, Decimal]] = field(default_factory=list)
    via: str = RecordedVia.MANUAL
    main: _A | None = None  # a sub-venue's main session (主会场)


@dataclass
class _Pools:
    """Who is at hand for activities (person indexes), by village where it matters."""

    town: Region
    villages: list[Region]
    n_v: int
    teams: dict
    lecture_teams: list[Team]
    squadron: Team
    squads: list[Team]
    cadres: list[int]
    secretaries: list[int]
    leaders: list[int]  # liaison cadres and village secretaries
    present: dict[int, list[int]]  # at home, aged 14+
    party_present: dict[int, list[int]]
    town_party: list[int]
    young: list[int]  # young cadres, party members and lecturers


AUD, LEC, VOL = AttendanceRole.AUDIENCE, AttendanceRole.LECTURER, AttendanceRole.VOLUNTEER
DAY = ((8, 30), (9, 0), (14, 30), (15, 0))
EVENING = ((19, 0), (19, 30), (20, 0))


def _audience(
    idxs: Sequence[int], role: str = AUD, hours: Decimal = Decimal("0")
) -> list[tuple[int, str, Decimal]]:
    return [(i, role, hours) for i in idxs]


def _ordinal(k: int) -> str:
    return ORDINALS_ZH[k] if k < 10 else str(k + 1)


# --------------------------------------------------------------------------------------
# The builder
# --------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, seed: int, scale: float, bar: tqdm) -> None:
        self.rng = random.Random(seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.scale = scale
        self.bar = bar
        self.people: list[_P] = []
        self.households: list[tuple[int, int, str, str]] = []  # (village, group, number, address)
        self.id_bodies: set[str] = set()
        self.phones: set[str] = set()
        self.surnames = [s for s, _w in LOCAL_SURNAMES]
        self.surname_weights = [w for _s, w in LOCAL_SURNAMES]
        self.activities: list[_A] = []
        self.groups: dict[tuple[int, int], Region] = {}  # (village index, 组) → region

    # -- helpers ----------------------------------------------------------------------

    def step(self, label: str) -> None:
        self.bar.set_postfix_str(label)
        self.bar.update(1)

    def n(self, full: int, minimum: int = 1) -> int:
        """A count of `full` at scale 1.0, scaled, at least `minimum`."""
        return max(minimum, round(full * self.scale))

    def weighted(self, pairs: Sequence[tuple[str, int]]) -> str:
        return self.rng.choices([p for p, _w in pairs], weights=[w for _p, w in pairs])[0]

    def pick_weighted(
        self, items: Sequence[int], weight: Callable[[int], float], k: int
    ) -> list[int]:
        """k distinct items, chosen with probability ∝ weight (Efraimidis–Spirakis)."""
        keyed = []
        for item in items:
            w = weight(item)
            if w > 0:
                keyed.append((self.rng.random() ** (1.0 / w), item))
        keyed.sort(reverse=True)
        return [item for _key, item in keyed[:k]]

    def sample(self, items: Sequence[int], k: int) -> list[int]:
        return self.rng.sample(list(items), min(k, len(items)))

    def when(
        self, first: date, last: date, hours: Sequence[tuple[int, int]], length: float
    ) -> tuple[datetime, datetime]:
        day = first + timedelta(days=self.rng.randrange((last - first).days + 1))
        hour, minute = self.rng.choice(hours)
        start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)
        return start, start + timedelta(minutes=round(length * 60))

    # -- people -----------------------------------------------------------------------

    def surname(self) -> str:
        if self.rng.random() < 0.1:
            return self.fake.last_name()
        return self.rng.choices(self.surnames, weights=self.surname_weights)[0]

    def given_name(self, gender: str, birth: date) -> str:
        if birth.year >= 2005:
            pool = YOUNG_MALE_NAMES if gender == Gender.MALE else YOUNG_FEMALE_NAMES
            return self.rng.choice(pool)
        return (
            self.fake.first_name_male() if gender == Gender.MALE else self.fake.first_name_female()
        )

    def birth_for_age(self, age: int) -> date:
        age = max(0, min(age, 100))
        days = int(age * 365.2425) + self.rng.randrange(365)
        return max(REFERENCE_DATE - timedelta(days=days + 1), date(1922, 1, 1))

    def id_number(self, birth: date, gender: str) -> str:
        while True:
            order = self.rng.randrange(500) * 2 + (1 if gender == Gender.MALE else 0)
            body = f"{ID_REGION}{birth:%Y%m%d}{order:03d}"
            if body not in self.id_bodies:
                self.id_bodies.add(body)
                return body + id_check_digit(body)

    def phone(self) -> str:
        while True:
            number = self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def add_person(
        self,
        village: int,
        hh: int,
        relation: str,
        gender: str,
        age: int,
        surname: str,
        ethnicity: str,
    ) -> _P:
        birth = self.birth_for_age(age)
        person = _P(
            idx=len(self.people),
            village=village,
            hh=hh,
            relation=relation,
            name=surname + self.given_name(gender, birth),
            gender=gender,
            birth=birth,
            ethnicity=ethnicity,
        )
        person.id_number = self.id_number(birth, gender)
        age = person.age
        has_phone = 0.0 if age < 16 else 0.93 if age < 70 else 0.6 if age < 80 else 0.3
        if self.rng.random() < has_phone:
            person.phone = self.phone()
        self.people.append(person)
        return person

    def ethnicity_near(self, base: str) -> str:
        return base if self.rng.random() < 0.6 else self.weighted(ETHNICITIES)

    def household(self, village: int, number: str, address: str, group: int) -> None:
        """One household of a rural Hunan town: many elderly, working-age people away."""
        rng = self.rng
        hh = len(self.households)
        self.households.append((village, group, number, address))
        kind = rng.choices(
            [
                "old_single",
                "old_couple",
                "empty_nest",
                "three_gen",
                "nuclear",
                "young_couple",
                "single",
            ],
            weights=[11, 17, 8, 26, 27, 6, 5],
        )[0]
        family = self.surname()
        eth = self.weighted(ETHNICITIES)
        R = RelationToHead
        M, F = Gender.MALE, Gender.FEMALE

        def couple(age_husband: int, head_is_husband: bool = True) -> tuple[_P, _P]:
            wife_age = max(18, age_husband - rng.randint(-1, 5))
            if head_is_husband:
                h = self.add_person(village, hh, R.HEAD, M, age_husband, family, eth)
                w = self.add_person(
                    village, hh, R.SPOUSE, F, wife_age, self.surname(), self.ethnicity_near(eth)
                )
            else:
                w = self.add_person(village, hh, R.HEAD, F, wife_age, self.surname(), eth)
                h = self.add_person(
                    village, hh, R.SPOUSE, M, age_husband, family, self.ethnicity_near(eth)
                )
            return h, w

        def children(mother_age: int, count: int, relation: str) -> None:
            for _i in range(count):
                age = mother_age - rng.randint(21, 34)
                if age >= 0:
                    self.add_person(
                        village, hh, relation, rng.choice([M, M, F, F, M]), age, family, eth
                    )

        if kind == "old_single":
            gender = F if rng.random() < 0.65 else M
            self.add_person(
                village, hh, R.HEAD, gender, int(rng.triangular(62, 96, 76)), family, eth
            )
        elif kind == "old_couple":
            couple(int(rng.triangular(60, 90, 68)))
        elif kind == "empty_nest":  # the children live in households of their own
            couple(int(rng.triangular(48, 63, 56)))
        elif kind == "young_couple":
            couple(rng.randint(22, 38), head_is_husband=rng.random() < 0.95)
        elif kind == "single":
            gender = M if rng.random() < 0.7 else F
            self.add_person(
                village, hh, R.HEAD, gender, int(rng.triangular(20, 65, 45)), family, eth
            )
        elif kind == "nuclear":
            _h, w = couple(int(rng.triangular(26, 62, 47)), head_is_husband=rng.random() < 0.92)
            children(w.age, rng.choices([1, 2, 3], weights=[28, 52, 20])[0], R.CHILD)
        else:  # three generations
            elder_age = int(rng.triangular(54, 88, 64))
            son_age = elder_age - rng.randint(22, 32)
            elders_head = rng.random() < 0.6
            widowed = rng.random() < 0.25
            if elders_head:
                if widowed:
                    self.add_person(
                        village, hh, R.HEAD, rng.choice([M, F, F]), elder_age, family, eth
                    )
                else:
                    couple(elder_age)
                son = self.add_person(village, hh, R.CHILD, M, max(18, son_age), family, eth)
                wife = self.add_person(
                    village, hh, R.CHILD_IN_LAW, F, max(18, son.age - rng.randint(-2, 4)),
                    self.surname(), self.ethnicity_near(eth),
                )  # fmt: skip
                children(wife.age, rng.choices([1, 2, 3], weights=[30, 55, 15])[0], R.GRANDCHILD)
            else:
                _h, wife = couple(max(22, son_age))
                if widowed:
                    self.add_person(
                        village, hh, R.PARENT, rng.choice([M, F, F]), elder_age, family, eth
                    )
                else:
                    self.add_person(village, hh, R.PARENT, M, elder_age, family, eth)
                    self.add_person(
                        village, hh, R.PARENT, F, max(50, elder_age - rng.randint(-1, 5)),
                        self.surname(), self.ethnicity_near(eth),
                    )  # fmt: skip
                children(wife.age, rng.choices([1, 2, 3], weights=[30, 55, 15])[0], R.CHILD)

    def make_people(self, villages: list[Region]) -> None:
        rng = self.rng
        total = self.n(6000, minimum=len(villages))
        weights = [1.6 if v.name.endswith("社区") else rng.uniform(0.7, 1.3) for v in villages]
        shares = [w / sum(weights) * total for w in weights]
        counts = [max(1, math.floor(s)) for s in shares]
        by_remainder = sorted(
            range(len(villages)), key=lambda i: shares[i] - counts[i], reverse=True
        )
        for i in by_remainder[: max(0, total - sum(counts))]:
            counts[i] += 1
        for v, (village, count) in enumerate(zip(villages, counts, strict=True)):
            groups = max(1, min(12, round(count / 30)))
            for i in range(count):
                group = 1 + i * groups // count
                number = f"{village.code[9:]}-{i + 1:04d}"
                address = f"湖南省慈利县东岳观镇{village.name}{group}组{rng.randint(1, 80)}号"
                self.household(v, number, address, group)

    def assign_attributes(self, villages: list[Region]) -> None:
        people = self.people
        everyone = range(len(people))
        # Away working: ~20% of the working-age (18–59).
        working = [i for i in everyone if 18 <= people[i].age <= 59]
        for i in self.sample(working, round(len(working) * 0.2)):
            people[i].migrant = True
            people[i].destination = self.weighted(MIGRANT_DESTINATIONS)

        def frailty(i: int) -> float:
            p = people[i]
            if p.migrant:
                return 0
            return 6 if p.age >= 75 else 2.5 if p.age >= 60 else 0.5 if p.age >= 40 else 0.1

        for i in self.pick_weighted(everyone, frailty, round(len(people) * 0.05)):
            people[i].frail = True

        def impairment(i: int) -> float:
            p = people[i]
            if p.migrant:
                return 0
            return (
                8
                if p.age >= 80
                else 4
                if p.age >= 70
                else 1.5
                if p.age >= 60
                else 0.3
                if p.age >= 18
                else 0.1
            )

        for i in self.pick_weighted(everyone, impairment, round(len(people) * 0.03)):
            people[i].mobility = True

        by_village: dict[int, list[int]] = defaultdict(list)
        for p in people:
            by_village[p.village].append(p.idx)
        self.by_village = by_village

        def fit(i: int, lo: int, hi: int) -> bool:
            p = people[i]
            return (
                lo <= p.age <= hi
                and p.present
                and not p.frail
                and not p.mobility
                and not p.lecturer
            )

        # One secretary and one liaison cadre (town cadre) per village, both party members.
        self.secretaries: dict[int, int] = {}
        self.cadres: dict[int, int] = {}
        for v, village in enumerate(villages):
            pool = by_village[v]
            chosen = self.pick_weighted(
                [i for i in pool if fit(i, 35, 58)],
                lambda i: 4 if people[i].gender == Gender.MALE else 1,
                1,
            ) or self.pick_weighted([i for i in pool if fit(i, 18, 75)], lambda i: 1, 1)
            if chosen:
                sec = people[chosen[0]]
                sec.lecturer = LecturerCategory.VILLAGE_SECRETARY
                sec.cadre_post = f"{village.name}党支部书记"
                self.make_party_member(sec, formal=True)
                self.secretaries[v] = sec.idx
            chosen = self.pick_weighted([i for i in pool if fit(i, 25, 50)], lambda i: 1, 1) or (
                self.pick_weighted([i for i in pool if fit(i, 18, 75)], lambda i: 1, 1)
            )
            if chosen:
                cadre = people[chosen[0]]
                cadre.lecturer = LecturerCategory.LIAISON_CADRE
                cadre.cadre_post = f"东岳观镇联村干部（联系{village.name}）"
                self.make_party_member(cadre, formal=True)
                self.cadres[v] = cadre.idx

        # The other party members: mostly older men.
        def party_weight(i: int) -> float:
            p = people[i]
            if p.party or p.age < 20:
                return 0
            by_age = 0.35 if p.age < 30 else 0.8 if p.age < 45 else 1.3 if p.age < 60 else 2.4
            return by_age * (3 if p.gender == Gender.MALE else 1)

        target = self.n(1000)
        have = sum(1 for p in people if p.party)
        # (a small town still gets ordinary members besides its 32 secretaries and cadres)
        for i in self.pick_weighted(everyone, party_weight, max(target - have, target // 2)):
            self.make_party_member(people[i], formal=True)
        members = [p for p in people if p.party and not p.cadre_post and 18 <= p.age <= 45]
        for p in self.rng.sample(members, min(len(members), self.n(30))):
            self.make_party_member(p, formal=False)

        # Other lecturers, spread round the villages.
        n_villages = len(villages)
        start = 0
        for category, (full, lo, hi) in OTHER_LECTURERS.items():
            for k in range(self.n(full)):
                for attempt in range(n_villages):
                    v = (start + k + attempt) % n_villages
                    candidates = [i for i in by_village[v] if fit(i, lo, hi)]
                    if category == LecturerCategory.RETIREE:
                        chosen = self.pick_weighted(
                            candidates, lambda i: 3 if people[i].party else 1, 1
                        )
                    else:
                        chosen = self.pick_weighted(
                            candidates, lambda i: 2 if people[i].gender == Gender.MALE else 1, 1
                        )
                    if chosen:
                        people[chosen[0]].lecturer = category
                        break
            start += 5

    def make_party_member(self, p: _P, *, formal: bool) -> None:
        rng = self.rng
        if formal:
            adult = (
                p.birth.replace(year=p.birth.year + 18)
                if (p.birth.month, p.birth.day) != (2, 29)
                else date(p.birth.year + 18, 3, 1)
            )
            join_age = rng.randint(20, max(20, min(50, p.age - 2)))
            joined = adult + timedelta(days=int((join_age - 18) * 365.25) + rng.randrange(365))
            latest = REFERENCE_DATE - timedelta(days=400)
            p.party = PartyStatus.FORMAL
            p.party_joined = max(adult, min(joined, latest))
        else:
            p.party = PartyStatus.PROBATIONARY
            p.party_joined = REFERENCE_DATE - timedelta(days=rng.randint(30, 330))

    # -- writing ------------------------------------------------------------------------

    def make_groups(self, villages: list[Region]) -> dict[tuple[int, int], Region]:
        """Each village's 村民小组 as GROUP regions (the village code + "001"…, "1组"…),
        as many as its households' addresses name; (village index, group) → region."""
        wanted = sorted({(v, group) for v, group, _number, _address in self.households})
        rows = [(f"{villages[v].code[:12]}{group:03d}", f"{group}组") for v, group in wanted]
        load_regions(rows, is_demo=True, user=SYSTEM)
        by_code = {
            r.code: r
            for r in Region.unscoped.filter(
                level=RegionLevel.GROUP, code__in=[code for code, _name in rows]
            )
        }
        self.groups = {key: by_code[code] for key, (code, _name) in zip(wanted, rows, strict=True)}
        return self.groups

    def group_of(self, i: int) -> int:
        """The 组 (number) of person i's household."""
        return self.households[self.people[i].hh][1]

    def write_people(self, villages: list[Region]) -> tuple[list[Household], list[Person]]:
        """Households and their members, registered in their 组 (a GROUP region; the village
        when its groups were not made)."""
        households = [
            Household(
                region=self.groups.get((v, group), villages[v]), number=number, address=address
            )
            for v, group, number, address in self.households
        ]
        Household.unscoped.bulk_create(households, batch_size=2000)
        self.step(_("加密身份证号"))
        branches = [f"{v.name}党支部" for v in villages]
        persons = []
        for p in self.people:
            person = Person(
                region=households[p.hh].region,
                household=households[p.hh],
                relation_to_head=p.relation,
                name=p.name,
                gender=p.gender,
                birth_date=p.birth,
                ethnicity=p.ethnicity,
                phone=p.phone,
                party_status=p.party,
                party_joined_on=p.party_joined,
                party_branch=branches[p.village] if p.party else "",
                is_frail=p.frail,
                is_mobility_impaired=p.mobility,
                is_migrant=p.migrant,
                migrant_destination=p.destination,
                lecturer_category=p.lecturer,
                cadre_post=p.cadre_post,
            )
            persons.append(prepare_person(person, id_number=p.id_number))
        self.step(_("写入群众"))
        Person.unscoped.bulk_create(persons, batch_size=2000)
        return households, persons

    def make_teams(self, town: Region, villages: list[Region], persons: list[Person]) -> dict:
        rng = self.rng
        people = self.people
        memberships: list[Membership] = []

        def member(team: Team, idx: int, role: str, started: date) -> None:
            memberships.append(
                Membership(team=team, person=persons[idx], role=role, started_on=started)
            )

        lecture_teams = Team.unscoped.bulk_create(
            [
                Team(
                    name=f"{v.name}宣讲队",
                    kind=TeamKind.LECTURE,
                    region=v,
                    description="由村书记、联村干部和田秀才、土专家、夕阳红、产业致富带头人、返乡创业大学生组成的流动宣讲队",
                )
                for v in villages
            ]
        )
        brand = Team.unscoped.create(
            name=BRAND_NAME,
            kind=TeamKind.VOLUNTEER_BRAND,
            region=town,
            description="东岳观镇志愿服务品牌：镇政府设中队，16个村（社区）各设小队",
        )
        squadron = Team.unscoped.create(
            name=f"{BRAND_NAME}东岳观镇中队", kind=TeamKind.SQUADRON, region=town, parent=brand
        )
        squads = Team.unscoped.bulk_create(
            [
                Team(
                    name=f"{BRAND_NAME}{v.name}小队", kind=TeamKind.SQUAD, region=v, parent=squadron
                )
                for v in villages
            ]
        )
        formed = CAMPAIGN_START + timedelta(days=1)
        lecturers_of: dict[int, list[int]] = {}
        for v, team in enumerate(lecture_teams):
            pool = [i for i in self.by_village[v] if people[i].lecturer]
            lecturers_of[v] = pool
            for i in pool:
                role = {
                    LecturerCategory.VILLAGE_SECRETARY: MemberRole.LEADER,
                    LecturerCategory.LIAISON_CADRE: MemberRole.DEPUTY,
                }.get(people[i].lecturer, MemberRole.LECTURER)
                member(team, i, role, formed + timedelta(days=rng.randrange(4)))
        # The squadron at the town government: the liaison cadres.
        for k, v in enumerate(sorted(self.cadres)):
            member(
                squadron,
                self.cadres[v],
                MemberRole.LEADER if k == 0 else MemberRole.MEMBER,
                date(2022, 3, 5),
            )
        # A squad in every village: residents at home, party members first.
        volunteers_of: dict[int, list[int]] = {}
        for v, squad in enumerate(squads):
            pool = [
                i for i in self.by_village[v]
                if 18 <= people[i].age <= 70 and people[i].present and not people[i].frail
                and not people[i].mobility and i != self.secretaries.get(v) and i != self.cadres.get(v)
            ]  # fmt: skip
            size = max(3, round(len(self.by_village[v]) * 0.016))
            chosen = self.pick_weighted(
                pool,
                lambda i: 4 if people[i].party else 2 if 25 <= people[i].age <= 60 else 1,
                size,
            )
            chosen.sort(key=lambda i: (not people[i].party, i))
            volunteers_of[v] = chosen
            for k, i in enumerate(chosen):
                role = (
                    MemberRole.LEADER
                    if k == 0
                    else MemberRole.DEPUTY
                    if k == 1
                    else MemberRole.MEMBER
                )
                member(squad, i, role, date(2022, 3, 5) + timedelta(days=rng.randrange(230)))
        Membership.unscoped.bulk_create(memberships, batch_size=2000)
        return {
            "lecture": lecture_teams,
            "brand": brand,
            "squadron": squadron,
            "squads": squads,
            "lecturers_of": lecturers_of,
            "volunteers_of": volunteers_of,
            "memberships": len(memberships),
        }

    # -- activities ---------------------------------------------------------------------

    def plan_activities(self, town: Region, villages: list[Region], teams: dict) -> None:
        people = self.people
        present = {
            v: [i for i in self.by_village[v] if people[i].present and people[i].age >= 14]
            for v in range(len(villages))
        }
        party_present = {v: [i for i in idxs if people[i].party] for v, idxs in present.items()}
        cadres = [self.cadres[v] for v in sorted(self.cadres)]
        self.pools = _Pools(
            town=town,
            villages=villages,
            n_v=len(villages),
            teams=teams,
            lecture_teams=teams["lecture"],
            squadron=teams["squadron"],
            squads=teams["squads"],
            cadres=cadres,
            secretaries=[self.secretaries[v] for v in sorted(self.secretaries)],
            leaders=cadres + [self.secretaries[v] for v in sorted(self.secretaries)],
            present=present,
            party_present=party_present,
            town_party=[i for idxs in party_present.values() for i in idxs],
            young=[
                p.idx
                for p in people
                if p.present and 20 <= p.age <= 40 and (p.lecturer or p.party or p.cadre_post)
            ],
        )
        self.plan_classroom()
        self.plan_delivery()
        self.plan_seminar()
        self.plan_service()
        self.plan_sub_venues()
        for a in self.activities:  # one attendance per person and role
            a.attendees = list({(i, role): (i, role, h) for i, role, h in a.attendees}.values())

    def plan_classroom(self) -> None:
        """微课堂: trainings, micro party lessons, performances, mobile lectures."""
        rng, people, A, c = self.rng, self.people, self.activities, self.pools
        for _k in range(self.n(1)):
            s, _e = self.when(date(2022, 11, 7), date(2022, 11, 9), [(8, 30)], 1)
            A.append(
                _A(
                    "party_school_training",
                    "慈利县委党校学习贯彻党的二十大精神专题培训班",
                    c.town,
                    s,
                    s + timedelta(days=2, hours=8),
                    "慈利县委党校",
                    attendees=_audience(c.leaders),
                )
            )
        for k in range(self.n(5)):
            organiser = "张家界市" if k % 2 == 0 else "慈利县"
            s, e = self.when(date(2022, 10, 28), date(2022, 12, 20), DAY, 2.5)
            A.append(
                _A(
                    "online_training",
                    f"{organiser}学习贯彻党的二十大精神线上专题培训（第{_ordinal(k)}期）",
                    c.town,
                    s,
                    e,
                    "东岳观镇人民政府视频会议室",
                    Mode.ONLINE,
                    attendees=_audience(self.sample(c.leaders, rng.randint(24, 32))),
                )
            )
        offline_titles = (
            "全镇村（社区）干部大会传达学习党的二十大精神", "全镇党员干部党的二十大精神专题培训",
            "村（社区）“两委”干部专题培训", "宣讲骨干培训会", "志愿服务骨干培训会",
            "青年干部专题培训", "基层党务工作者培训", "妇女干部专题培训", "农村实用人才专题培训",
        )  # fmt: skip
        for k in range(self.n(9)):
            s, e = self.when(date(2022, 11, 1), date(2022, 12, 31), DAY, 2.5)
            extra = self.sample(c.town_party, rng.randint(10, 40))
            A.append(
                _A(
                    "offline_training",
                    offline_titles[k % len(offline_titles)],
                    c.town,
                    s,
                    e,
                    "东岳观镇人民政府大会议室",
                    attendees=_audience(list(dict.fromkeys(c.leaders + extra))),
                )
            )
        for code, title, count in [
            ("theory_study_group", "镇党委理论学习中心组专题学习（扩大）", 4),
            ("cadre_meeting", "全镇干部大会传达学习党的二十大精神", 2),
            ("special_study", "党的二十大报告专题学习会", 3),
        ]:
            for j in range(self.n(count)):
                s, e = self.when(date(2022, 10, 26), date(2023, 1, 15), DAY, 2)
                A.append(
                    _A(
                        code,
                        f"{title}（第{_ordinal(j)}次）",
                        c.town,
                        s,
                        e,
                        "东岳观镇人民政府会议室",
                        attendees=_audience(self.sample(c.leaders, rng.randint(12, 30))),
                    )
                )
        # Micro party lessons: the town party secretary, then every village secretary.
        for k in range(self.n(17)):
            topic = rng.choice(LECTURE_TOPICS)
            s, e = self.when(date(2022, 11, 1), date(2023, 1, 20), DAY, 1.5)
            if k == 0:
                A.append(
                    _A(
                        "micro_party_lesson",
                        f"镇党委书记讲微党课：{topic}",
                        c.town,
                        s,
                        e,
                        "东岳观镇人民政府大会议室",
                        notes="主讲：镇党委书记",
                        attendees=_audience(c.leaders),
                    )
                )
                continue
            v = (k - 1) % c.n_v
            listeners = [
                i
                for i in self.sample(c.party_present[v], rng.randint(8, 25))
                if i != self.secretaries.get(v)
            ]
            sec = [self.secretaries[v]] if v in self.secretaries else []
            A.append(
                _A(
                    "micro_party_lesson",
                    f"{c.villages[v].name}微党课：{topic}",
                    c.villages[v],
                    s,
                    e,
                    f"{c.villages[v].name}党群服务中心",
                    attendees=_audience(sec, LEC) + _audience(listeners),
                )
            )
        # 唱演学: 三句半, four performers each.
        for k in range(self.n(8)):
            v = (k * 2) % c.n_v
            s, e = self.when(date(2022, 11, 15), date(2023, 2, 10), [(14, 30), (19, 0)], 1.5)
            performers = self.sample([i for i in c.present[v] if 30 <= people[i].age <= 70], 4)
            A.append(
                _A(
                    "performance",
                    f"三句半《二十大精神进万家》（{c.villages[v].name}）",
                    c.villages[v],
                    s,
                    e,
                    f"{c.villages[v].name}文化广场",
                    headcount=rng.randint(40, 120),
                    attendees=_audience(performers, LEC),
                )
            )
        # 流动学: the lecture teams' 30+ lectures with 1300+ audience person-times (the
        # seed's figures: MOBILE_LECTURES lectures, MOBILE_AUDIENCE person-times in all).
        lectures = self.n(MOBILE_LECTURES)
        totals = split_weighted(
            self.n(MOBILE_AUDIENCE, minimum=lectures),
            [rng.uniform(30, 55) for _k in range(lectures)],
        )
        for k, total in enumerate(totals):
            v = k % c.n_v
            group = rng.randint(1, 8)
            s, e = self.when(date(2022, 11, 5), date(2023, 3, 25), DAY + EVENING, 1.5)
            speakers = self.sample(c.teams["lecturers_of"][v], rng.choice([1, 1, 2]))
            named = [
                i
                for i in self.sample(c.present[v], round(total * rng.uniform(0.6, 0.9)))
                if i not in speakers
            ]
            A.append(
                _A(
                    "mobile_lecture",
                    f"“{rng.choice(LECTURE_TOPICS)}”流动宣讲进{c.villages[v].name}{group}组",
                    c.villages[v],
                    s,
                    e,
                    f"{c.villages[v].name}{group}组",
                    team=c.lecture_teams[v],
                    headcount=max(0, total - len(named)),
                    via=RecordedVia.QR if rng.random() < 0.3 else RecordedVia.MANUAL,
                    attendees=_audience(speakers, LEC) + _audience(named),
                )
            )

    def plan_sub_venues(self) -> None:
        """分会场: the town's trainings (主会场+分会场, online and offline) were followed in the
        villages' 组 at sub-venues, with the names of who came, so that by DEMO_TODAY the
        campaign is in progress: each village has reached its own share of its residents
        (spread from ~35% to ~93%: a few villages ahead of the target, most behind). A
        sub-venue counts toward its main training's session (the training counts stay the
        seed's 5 and 9) and is no lecture of a lecture team (their 30+ stay the seed's).

        Planned last, so the activities above are the same as without them. Residents away
        (migrants) and small children come less often; whoever the town's other 微课堂
        activities reached already counts towards the village's share."""
        rng, people, A, c = self.rng, self.people, self.activities, self.pools
        reaching = {t["code"] for t in DEFAULT_ACTIVITY_TYPES if t["pillar"] == Pillar.CLASSROOM}
        reached = {
            i
            for a in A
            if a.type_code in reaching
            for i, role, _h in a.attendees
            if role == AttendanceRole.AUDIENCE
        }
        trainings = sorted(
            (
                a
                for a in A
                if a.type_code in ("online_training", "offline_training")
                and a.starts_at.date() < DEMO_TODAY
            ),
            key=lambda a: a.starts_at,
        )
        if not trainings:
            return
        shares = [0.35 + 0.58 * k / max(1, c.n_v - 1) for k in range(c.n_v)]
        rng.shuffle(shares)

        def weight(i: int) -> float:
            p = people[i]
            return 0.15 if p.migrant else 0.5 if p.age < 6 else 1.0

        for v in range(c.n_v):
            residents = self.by_village[v]
            missing = round(shares[v] * len(residents)) - sum(1 for i in residents if i in reached)
            todo = [i for i in residents if i not in reached]
            chosen = self.pick_weighted(todo, weight, max(0, missing))
            by_group: dict[int, list[int]] = defaultdict(list)
            for i in chosen:
                by_group[self.group_of(i)].append(i)
            hosts = c.teams["lecturers_of"][v]
            village = c.villages[v].name
            for group in sorted(by_group):
                audience = sorted(by_group[group])
                rng.shuffle(audience)
                sessions = min(1 + len(audience) // 45, len(trainings))
                # A 组 follows different trainings (in the order they were held).
                mains = sorted(rng.sample(trainings, sessions), key=lambda a: a.starts_at)
                for k, main in enumerate(mains):
                    named = audience[k::sessions]
                    host = self.sample(hosts, 1)
                    A.append(
                        _A(
                            main.type_code,
                            f"{main.title}（{village}{group}组分会场）",
                            self.groups[v, group],
                            main.starts_at,
                            main.ends_at,
                            f"{village}{group}组院坝",
                            main.mode,
                            headcount=rng.randint(0, 6),
                            attendees=_audience(host, LEC)
                            + _audience([i for i in named if i not in host]),
                            main=main,
                        )
                    )

    def plan_delivery(self) -> None:
        """送学: one-on-one, to hard-to-reach party members, nobody twice."""
        people, A, c = self.people, self.activities, self.pools
        hard = [p.idx for p in people if p.party and p.hard_to_reach]

        def urgency(i: int) -> float:
            p = people[i]
            if p.migrant:
                return 5
            if p.mobility:
                return 4
            if p.frail:
                return 3
            return 1 + max(0, p.age - 70) / 5

        wanted = self.n(DELIVERIES_PLANNED)
        chosen = self.pick_weighted(hard, urgency, wanted)
        if len(chosen) < wanted:  # a very small town: residents too (the rule is for all)
            others = [p.idx for p in people if p.hard_to_reach and not p.party]
            chosen += self.pick_weighted(others, urgency, wanted - len(chosen))
        for i in chosen:
            p = people[i]
            v = p.village
            who = "党员" if p.party else "群众"
            home = f"{c.villages[v].name}{who}家中"
            if p.migrant:
                title, mode, place = (
                    f"微信送学（外出流动{who}，{p.destination}）",
                    Mode.ONLINE,
                    "微信",
                )
            elif p.mobility:
                title, mode, place = f"送学上门（行动不便{who}）", Mode.OFFLINE, home
            elif p.frail:
                title, mode, place = f"送学上门（体弱多病{who}）", Mode.OFFLINE, home
            else:
                title, mode, place = (
                    f"送学上门（{'老党员' if p.party else '老年群众'}）",
                    Mode.OFFLINE,
                    home,
                )
            s, e = self.when(date(2022, 11, 10), date(2023, 2, 28), DAY, 1)
            # The village secretary delivers (recorded as the lecturer), unless that is
            # the very person being reached.
            deliverer = [self.secretaries[v]] if self.secretaries.get(v, i) != i else []
            A.append(
                _A(
                    "delivery",
                    title,
                    c.villages[v],
                    s,
                    e,
                    place,
                    mode,
                    attendees=_audience(deliverer, LEC) + _audience([i]),
                )
            )

    def plan_seminar(self) -> None:
        """微研讨: courtyard meetings, youth study sessions, essay exchanges."""
        rng, people, A, c = self.rng, self.people, self.activities, self.pools
        for k in range(self.n(124)):
            v = k % c.n_v
            hosts_pool = [i for i in c.party_present[v] if people[i].age >= 60] + (
                [self.secretaries[v]] if v in self.secretaries else []
            )
            hosts = self.sample(hosts_pool, 1)
            family = self.surname()
            listeners = [i for i in self.sample(c.present[v], rng.randint(8, 25)) if i not in hosts]
            s, e = self.when(date(2022, 11, 1), date(2023, 3, 28), (*EVENING, (14, 30)), 1.5)
            A.append(
                _A(
                    "courtyard_meeting",
                    f"屋场会：聊聊二十大，说说{rng.choice(['村里事', '产业路', '民生事', '人居环境', '乡风文明'])}",
                    c.villages[v],
                    s,
                    e,
                    f"{c.villages[v].name}{family}家屋场",
                    attendees=_audience(hosts, LEC) + _audience(listeners),
                )
            )
        for month in (11, 12, 1, 2, 3):
            year = 2022 if month >= 10 else 2023
            s, e = self.when(date(year, month, 20), date(year, month, 27), [(15, 0)], 2)
            group = self.sample(c.young, rng.randint(8, 15))
            A.append(
                _A(
                    "youth_study",
                    f"青年干部学习座谈会（{MONTHS_ZH[month]}月）",
                    c.town,
                    s,
                    e,
                    "东岳观镇人民政府会议室",
                    attendees=_audience(group[:1], LEC) + _audience(group[1:]),
                )
            )
        for k in range(self.n(2)):
            s, e = self.when(date(2022, 12, 10), date(2023, 3, 20), [(15, 0)], 2)
            A.append(
                _A(
                    "essay_exchange",
                    f"“读报告、谈体会”心得交流会（第{_ordinal(k)}场）",
                    c.town,
                    s,
                    e,
                    "东岳观镇人民政府会议室",
                    attendees=_audience(self.sample(c.young + c.leaders, rng.randint(10, 20))),
                )
            )

    def plan_service(self) -> None:
        """微服务: 300+ volunteer activities in all: volunteer services with hours, party days,
        sentiment talks, monthly practice, door-to-door visits (and the pillars' own)."""
        rng, people, A, c = self.rng, self.people, self.activities, self.pools
        for k in range(self.n(VOLUNTEER_SERVICES_PLANNED)):
            at_town = rng.random() < 0.15
            fieldname, title = rng.choice(VOLUNTEER_SERVICES)
            hours = Decimal(rng.choice(["1.0", "1.5", "2.0", "2.5", "3.0", "4.0"]))
            s, _e = self.when(
                date(2022, 10, 26), date(2023, 3, 31), [(8, 0), (9, 0), (14, 0), (15, 0)], 1
            )
            e = s + timedelta(hours=float(hours))
            if at_town:
                region, team = c.town, c.squadron
                crew = self.sample(c.cadres, rng.randint(3, 8))
            else:
                v = k % c.n_v
                region, team = c.villages[v], c.squads[v]
                crew = self.sample(c.teams["volunteers_of"][v], rng.randint(3, 8))
            A.append(
                _A(
                    "volunteer_service",
                    f"{BRAND_NAME}：{title}",
                    region,
                    s,
                    e,
                    region.name,
                    team=team,
                    headcount=rng.choice([0, 0, 5, 10, 20, 30]),
                    notes=f"服务领域：{fieldname}",
                    attendees=_audience(crew, VOL, hours),
                )
            )
        for k in range(self.n(16)):
            v = k % c.n_v
            s, e = self.when(date(2022, 11, 1), date(2022, 11, 30), [(9, 0), (14, 30)], 2)
            A.append(
                _A(
                    "themed_party_day",
                    f"{c.villages[v].name}主题党日：学习党的二十大精神",
                    c.villages[v],
                    s,
                    e,
                    f"{c.villages[v].name}党群服务中心",
                    attendees=_audience(self.sample(c.party_present[v], rng.randint(10, 30))),
                )
            )
        for k in range(self.n(6)):
            v = (k * 3) % c.n_v
            s, e = self.when(date(2022, 12, 1), date(2023, 3, 15), EVENING, 2)
            A.append(
                _A(
                    "sentiment_talk",
                    f"{c.villages[v].name}民情恳谈会",
                    c.villages[v],
                    s,
                    e,
                    f"{c.villages[v].name}党群服务中心",
                    attendees=_audience(self.sample(c.present[v], rng.randint(10, 20))),
                )
            )
        for month in (11, 12, 1, 2, 3):
            year = 2022 if month >= 10 else 2023
            s, e = self.when(date(year, month, 5), date(year, month, 15), [(9, 0)], 3)
            A.append(
                _A(
                    "monthly_practice",
                    f"一月一课一片一实践（{MONTHS_ZH[month]}月）",
                    c.town,
                    s,
                    e,
                    "东岳观镇人民政府大会议室",
                    attendees=_audience(self.sample(c.leaders, rng.randint(15, 30))),
                )
            )
        for k in range(self.n(30)):
            v = k % c.n_v
            crew = self.sample(c.teams["volunteers_of"][v], 2)
            homes = [i for i in self.sample(c.present[v], 3) if i not in crew]
            s, _e = self.when(date(2022, 11, 1), date(2023, 3, 31), DAY, 2)
            A.append(
                _A(
                    "door_to_door",
                    "敲门问需·上门解题",
                    c.villages[v],
                    s,
                    s + timedelta(hours=2),
                    f"{c.villages[v].name}",
                    team=c.squads[v],
                    attendees=_audience(crew, VOL, Decimal("2.0")) + _audience(homes),
                )
            )
        for k in range(self.n(12)):
            v = (k * 5) % c.n_v
            crew = [self.cadres[v]] if v in self.cadres else []
            old = [i for i in c.present[v] if people[i].age >= 75 or people[i].frail]
            visited = [i for i in self.sample(old, 1) if i not in crew]
            s, _e = self.when(date(2023, 1, 10), date(2023, 1, 20), DAY, 1)
            A.append(
                _A(
                    "visit_condolence",
                    "春节前走访慰问困难群众",
                    c.villages[v],
                    s,
                    s + timedelta(hours=1),
                    f"{c.villages[v].name}",
                    team=c.squads[v],
                    attendees=_audience(crew, VOL, Decimal("1.0")) + _audience(visited),
                )
            )

    def write_activities(
        self, campaign: Campaign, persons: list[Person], creators: dict[str, object]
    ) -> tuple[int, int]:
        types = {t.code: t for t in ActivityType.objects.all()}
        town_user = creators.get(TOWN_CODE)
        rows = [
            Activity(
                campaign=campaign,
                activity_type=types[a.type_code],
                title=a.title,
                region=a.region,
                organising_team=a.team,
                starts_at=a.starts_at,
                ends_at=a.ends_at,
                place=a.place,
                mode=a.mode,
                audience_headcount=a.headcount,
                notes=a.notes,
                created_by=creators.get(a.region.code, town_user),
            )
            for a in self.activities
        ]
        # Main sessions first: a sub-venue names its main session's primary key.
        row_of = {id(a): row for a, row in zip(self.activities, rows, strict=True)}
        Activity.unscoped.bulk_create(
            [row_of[id(a)] for a in self.activities if a.main is None], batch_size=1000
        )
        subs = [a for a in self.activities if a.main is not None]
        for a in subs:
            row_of[id(a)].main_session = row_of[id(a.main)]
        Activity.unscoped.bulk_create([row_of[id(a)] for a in subs], batch_size=1000)
        self.step(_("写入参与记录"))
        attendances = []
        for a, row in zip(self.activities, rows, strict=True):
            for i, role, hours in a.attendees:
                attendances.append(
                    Attendance(
                        activity=row,
                        person=persons[i],
                        role=role,
                        hours=hours,
                        recorded_via=a.via,
                        recorded_by=row.created_by,
                    )
                )
        Attendance.unscoped.bulk_create(attendances, batch_size=2000)
        return len(rows), len(attendances)

    # -- logins -------------------------------------------------------------------------

    def make_users(
        self, regions: dict[str, Region], teams: dict, persons: list[Person]
    ) -> dict[str, object]:
        """The demo logins; returns the user who records each region's activities."""
        User = get_user_model()
        password = make_password(DEMO_PASSWORD)  # hashed once: the hasher is slow on purpose
        village_index = {r.code: i for i, r in enumerate(self.villages)}
        v1 = village_index[FIRST_VILLAGE_CODE]
        v2 = village_index[SECOND_VILLAGE_CODE]
        squad_crew = teams["volunteers_of"][v1]
        who = {
            "admin": "演示管理员",
            "county": "慈利县委组织部",
            "town": "东岳观镇党政办",
            "secretary": self.people[self.secretaries[v1]].name if v1 in self.secretaries else "",
            "secretary2": self.people[self.secretaries[v2]].name if v2 in self.secretaries else "",
            "leader": self.people[squad_crew[0]].name if squad_crew else "",
            "volunteer": self.people[squad_crew[-1]].name if len(squad_crew) > 1 else "",
        }
        users = {}
        for login in DEMO_LOGINS:
            user, _created = User.objects.get_or_create(username=login.username)
            user.password = password
            user.first_name = who.get(login.username, "")
            user.is_superuser = user.is_staff = login.role is None
            user.is_active = True
            user.save()
            if login.role is not None:
                RoleAssignment.objects.get_or_create(
                    user=user, role=login.role, region=regions[login.region_code]
                )
            users[login.username] = user
        self.users = users
        return {
            TOWN_CODE: users["town"],
            FIRST_VILLAGE_CODE: users["secretary"],
            SECOND_VILLAGE_CODE: users["secretary2"],
        }


def _ensure_activity_types() -> None:
    """The default types (seeded by a migration; a `flush` removes them)."""
    seed_default_types(ActivityType)


STEPS = 11


@contextmanager
def _quiet_action_log() -> Iterator[None]:
    """The region loader logs each region it creates; not wanted on the console here."""
    logger = logging.getLogger("sanwei.actions")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def build_demo(seed: int = DEFAULT_SEED, progress: bool = True, scale: float = 1.0) -> DemoSummary:
    """Build the demo town in this (empty) database; all or nothing.

    At scale 1.0: ~6,000 households, ~20,000 residents, ~1,000 party members, ~670
    activities. Tests use scale ≈ 0.02.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    started = time.perf_counter()
    with (
        tqdm(total=STEPS, desc=_("演示数据"), disable=not progress, unit=_("步")) as bar,
        scopes_disabled(),
        _quiet_action_log(),
        transaction.atomic(),
    ):
        b = _Builder(seed, scale, bar)
        b.step(_("区划"))
        load_regions(read_region_csv(DEMO_TREE_CSV.read_bytes()), is_demo=True, user=SYSTEM)
        _ensure_activity_types()
        regions = {r.code: r for r in Region.unscoped.filter(code__startswith=ID_REGION[:2])}
        town = regions[TOWN_CODE]
        villages = sorted(
            (
                r
                for r in regions.values()
                if r.parent_id == town.pk and r.level == RegionLevel.VILLAGE
            ),
            key=lambda r: r.code,
        )
        b.villages = villages
        b.step(_("户与群众"))
        b.make_people(villages)
        b.step(_("党员、宣讲人才"))
        b.assign_attributes(villages)
        b.step(_("写入户"))
        b.make_groups(villages)
        _households, persons = b.write_people(villages)
        b.step(_("队伍"))
        teams = b.make_teams(town, villages, persons)
        b.step(_("账号"))
        creators = b.make_users(regions, teams, persons)
        campaign = Campaign.unscoped.create(
            name=CAMPAIGN_NAME,
            target_person_coverage=TARGET_PERSONS,
            target_household_coverage=TARGET_HOUSEHOLDS,
            theme="深学·细悟·笃行：微课堂、微研讨、微服务",
            region=town,
            starts_on=CAMPAIGN_START,
            ends_on=CAMPAIGN_END,
            description="以“三微”推动党的二十大精神进村入户，不落一人、不漏一户。（演示数据）",
        )
        b.step(_("活动"))
        b.plan_activities(town, villages, teams)
        n_activities, n_attendances = b.write_activities(campaign, persons, creators)
        pillars = build_pillars(
            DemoContext(
                rng=random.Random(seed + 1),
                scale=scale,
                campaign=campaign,
                town=town,
                villages=villages,
                persons=persons,
                users=b.users,
                teams=teams,
                today=DEMO_TODAY,
            )
        )
        b.step(_("完成"))
        # Counted from the database: the pillars add activities (deliveries, lectures …).
        written = Activity.unscoped.filter(campaign=campaign)
        attended = Attendance.unscoped.filter(activity__campaign=campaign)
        n_activities, n_attendances = written.count(), attended.count()
        by_type = Counter(written.values_list("activity_type__code", flat=True))
        audience = (written.aggregate(n=Sum("audience_headcount"))["n"] or 0) + attended.filter(
            role=AttendanceRole.AUDIENCE
        ).count()
        summary = DemoSummary(
            regions=len(regions),
            villages=len(villages),
            households=len(b.households),
            persons=Person.unscoped.count(),  # a pillar registers one more (an ID conflict)
            elderly=sum(1 for p in b.people if p.age >= 60),
            party_members=sum(1 for p in b.people if p.party),
            lecturers=sum(1 for p in b.people if p.lecturer),
            teams=len(teams["lecture"]) + 2 + len(teams["squads"]),
            memberships=teams["memberships"],
            campaigns=1,
            activities=n_activities,
            attendances=n_attendances,
            audience_person_times=audience,
            users=len(DEMO_LOGINS),
            activities_by_type=dict(sorted(by_type.items())),
            pillars=pillars,
        )
        bar.update(STEPS - bar.n)
    summary.seconds = time.perf_counter() - started
    return summary
