"""From a spreadsheet row to a clean person record, or the reasons it is refused (in Chinese).

`Normaliser(root_region).row(source_row)` returns a `Record` (with warnings) or raises
`RowInvalid(messages)`. It touches the database only once, to load the region tree under
the import's region; matching records to existing people happens in `services`.

A value that is absent (no column, or an empty cell) is `None` in the record and leaves
what is stored unchanged: an import adds and corrects, it never blanks a field.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from typing import Any, TypeVar

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sanwei.people.models import PartyStatus, RelationToHead
from sanwei.people.services import id_hasher
from sanwei.people.validation import (
    DateParseError,
    IdNumberError,
    PhoneError,
    cross_check_id,
    is_bare_mobile,
    mask_landline,
    mask_phone,
    normalize_text,
    parse_date_loose,
    parse_id_number,
    parse_phone_numbers,
)
from sanwei.regions.models import Region, RegionLevel

from .readers import HEADER_ALIASES, SourceRow, is_lossy_number

#: Chinese labels of the field keys (readers.HEADER_ALIASES), for the mapping selects.
FIELD_LABELS: dict[str, Promise] = {
    "name": _lazy("姓名"),
    "gender": _lazy("性别"),
    "id_number": _lazy("公民身份号码"),
    "phone": _lazy("联系电话"),
    "landline": _lazy("固定电话"),
    "birth_date": _lazy("出生日期"),
    "ethnicity": _lazy("民族"),
    "household_head_name": _lazy("户主姓名"),
    "relation_to_head": _lazy("与户主关系"),
    "village": _lazy("村（社区）"),
    "group": _lazy("组"),
    "address": _lazy("现住址"),
    "political_status": _lazy("政治面貌"),
    "party_joined_on": _lazy("入党时间"),
    "party_branch": _lazy("所在党支部"),
    "volunteer": _lazy("志愿者"),
    "skills": _lazy("技能特长"),
    "household_number": _lazy("户号"),
    "notes": _lazy("备注"),
}
assert set(FIELD_LABELS) == set(HEADER_ALIASES)

#: Fields a persons import reads (all of them: 志愿者 makes an open squad membership).
PERSON_FIELDS = frozenset(FIELD_LABELS)

T = TypeVar("T")

MAX_AGE_WARNING = 110
_MAX_PARSED = 10_000
MAX_PHONE_SHARE = 5
ID_STORED_AS_NUMBER = _lazy("身份证号码被Excel存成了数字，末几位已丢失，请把该列设为文本后重新导出")


def _year_month(value: date) -> str:
    """The month as "1949年12月" (what ``%Y年%m月`` gives), through gettext."""
    return _("%(year)04d年%(month)02d月") % {"year": value.year, "month": value.month}


class RowInvalid(Exception):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("；".join(messages))
        self.messages = messages


# --------------------------------------------------------------------------- record


@dataclass(slots=True)
class Record:
    """One valid row. `None` means "not in the file": the stored value stays."""

    line: int
    name: str
    region_id: int
    village_id: int
    id_hash: str | None = None
    id_number: str = ""
    gender: str | None = None
    birth_date: date | None = None
    ethnicity: str | None = None
    phone: str | None = None
    relation: str | None = None  # a RelationToHead value
    head_name: str = ""
    household_number: str = ""
    address: str = ""
    party_status: str | None = None
    party_joined_on: date | None = None
    party_branch: str | None = None
    notes: str | None = None
    skills: str | None = None
    volunteer: bool | None = None  # True: joins the village's volunteer squad
    group: str = ""  # the 组 as written, as a key (`group_key`): "3" for 3组/三组/第三村民小组
    landline: str | None = None  # "0744-1234567"
    warnings: tuple[str, ...] = ()

    @property
    def is_head(self) -> bool:
        return self.relation == RelationToHead.HEAD


#: Texts that rows repeat: one object per distinct value (`Normaliser._shared`).
_SHARED_FIELDS = (
    "name", "ethnicity", "head_name", "household_number", "address", "party_branch", "group",
)  # fmt: skip


# --------------------------------------------------------------------------- values


# Text that needs no work: NFKC-normalised, single inner spaces only, no zero-width marks.
_UNTIDY_RE = re.compile(r"[^\S ]|  |^ | $|[\u200b\u2060\ufeff]")


def _text(value: object) -> str:
    """A cell as clean text: full-width → half-width, spaces trimmed and collapsed."""
    if value is None:
        return ""
    if (
        isinstance(value, str)
        and unicodedata.is_normalized("NFKC", value)
        and not _UNTIDY_RE.search(value)
    ):
        return value  # the common case, fast
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.isoformat()
    return normalize_text(unicodedata.normalize("NFKC", str(value)))


_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_NAME_DOTS = str.maketrans({"•": "·", "▪": "·", "・": "·", "．": "·", "゜": "·"})
_UNTIDY_NAME_RE = re.compile(r"[\s\uff01-\uff5e\u200b\u2060\ufeff•▪・．゜]")


def clean_name(value: object) -> str:
    """Names: trimmed; spaces inside a Chinese name (张  三, padded to line up) removed."""
    if value is None:
        return ""
    if isinstance(value, str) and not _UNTIDY_NAME_RE.search(value):
        return value  # the common case, fast
    text = normalize_text(str(value)).translate(_NAME_DOTS)
    if " " in text and _CJK_RE.search(text):
        text = text.replace(" ", "")
    return text


def clean_key(value: object) -> str:
    """Text compared as a key (region names): NFKC, no spaces at all."""
    return _text(value).replace(" ", "")


_GENDERS = {"男": "M", "男性": "M", "M": "M", "MALE": "M", "女": "F", "女性": "F", "F": "F"}
_GENDERS.update({"FEMALE": "F"})


def parse_gender(value: object) -> str:
    key = _text(value).upper()
    if key in _GENDERS:
        return _GENDERS[key]
    raise ValueError(_("性别“%(value)s”无法识别，应为“男”或“女”") % {"value": _text(value)})


ETHNIC_GROUPS = frozenset(
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 "
    "哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 "
    "柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 "
    "塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 "
    "鄂伦春族 赫哲族 门巴族 珞巴族 基诺族".split()
)
_ETHNIC_SHORT = {"蒙古": "蒙古族", "维吾尔": "维吾尔族", "维": "维吾尔族", "蒙": "蒙古族"}


def parse_ethnicity(value: object) -> tuple[str, str | None]:
    """(ethnicity, warning or None): 汉 → 汉族; an unknown name is kept with a warning."""
    text = _text(value).replace(" ", "")
    if text in ETHNIC_GROUPS:
        return text, None
    if text + "族" in ETHNIC_GROUPS:
        return text + "族", None
    if text in _ETHNIC_SHORT:
        return _ETHNIC_SHORT[text], None
    if len(text) > 20:
        raise ValueError(_("民族“%(text)s…”过长") % {"text": text[:20]})
    return text, _("民族“%(text)s”不在56个民族名称中，已按原文导入") % {"text": text}


_FORMAL = {"中共党员", "中国共产党党员", "共产党员", "党员", "正式党员", "中共正式党员", "是", "Y"}
_PROBATIONARY = {"预备党员", "中共预备党员", "中国共产党预备党员", "预备"}
_NOT_MEMBER = {
    "群众",
    "普通群众",
    "否",
    "无",
    "非党员",
    "N",
    "共青团员",
    "团员",
    "中国共产主义青年团团员",
    "无党派人士",
    "无党派",
    "民主党派",
    "民革党员",
    "民盟盟员",
    "民建会员",
    "民进会员",
    "农工党党员",
    "致公党党员",
    "九三学社社员",
    "台盟盟员",
}


def parse_political_status(value: object) -> str:
    text = _text(value).replace(" ", "").upper()
    if text in _FORMAL:
        return PartyStatus.FORMAL
    if text in _PROBATIONARY:
        return PartyStatus.PROBATIONARY
    if text in _NOT_MEMBER:
        return PartyStatus.NONE
    raise ValueError(
        _("政治面貌“%(value)s”无法识别，应为中共党员、预备党员或群众等") % {"value": _text(value)}
    )


_VOLUNTEER_YES = {"是", "√", "✓", "✔", "1", "Y", "YES", "志愿者", "是志愿者"}
_VOLUNTEER_NO = {"否", "×", "✗", "✘", "0", "N", "NO", "无", "不是", "非志愿者"}


def parse_volunteer(value: object) -> bool:
    """志愿者 column: 是/√/1/志愿者 → True, 否/×/0/无 → False."""
    text = _text(value).replace(" ", "").upper()
    if text in _VOLUNTEER_YES:
        return True
    if text in _VOLUNTEER_NO:
        return False
    raise ValueError(_("志愿者“%(value)s”无法识别，应为“是”或“否”") % {"value": _text(value)})


_RELATIONS: dict[str, str] = {}
for _rel, _words in {
    RelationToHead.HEAD: "户主 本人 户主本人",
    RelationToHead.SPOUSE: "配偶 妻 妻子 夫 丈夫 之妻 之夫 爱人 老伴",
    RelationToHead.CHILD: "子女 孩子 之子 之女 子 女 儿子 女儿 独生子 独生女 养子 养女 继子 继女",
    RelationToHead.PARENT: "父亲 母亲 父 母 父母 公公 婆婆 岳父 岳母 继父 继母 养父 养母",
    RelationToHead.GRANDCHILD: "孙子 孙女 孙 孙子女 外孙 外孙子 外孙女 曾孙 曾孙子 曾孙女 曾孙女儿",
    RelationToHead.SIBLING: "兄 弟 姐 妹 哥 哥哥 弟弟 姐姐 妹妹 兄弟 姐妹 兄弟姐妹",
    RelationToHead.CHILD_IN_LAW: "儿媳 儿媳妇 长媳 次媳 子媳 女婿 长婿 次婿",
    RelationToHead.OTHER: (
        "其他 其它 祖父 祖母 外祖父 外祖母 侄子 侄女 外甥 外甥女 孙媳 孙女婿 嫂 嫂子 弟媳 "
        "姐夫 妹夫 叔 伯 姑 舅 姨 亲属 非亲属"
    ),
}.items():
    for _word in _words.split():
        _RELATIONS[_word] = _rel
_ORDINAL_CHILD_RE = re.compile(
    r"^(?:长|次|大|二|三|四|五|六|七|八|九|十|幼|小|老)(子|女|儿子|女儿)$"
)


def parse_relation(value: object) -> tuple[str, str | None]:
    """(RelationToHead value, warning or None). Unknown texts become 其他 with a warning."""
    text = _text(value).replace(" ", "")
    if text in _RELATIONS:
        return _RELATIONS[text], None
    if _ORDINAL_CHILD_RE.match(text):
        return RelationToHead.CHILD, None
    return RelationToHead.OTHER, _("与户主关系“%(text)s”无法识别，已按“其他”导入") % {"text": text}


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9})
_GROUP_RE = re.compile(
    r"^第?([0-9]{1,3}|[零〇一二两三四五六七八九十]{1,4})"
    r"(?:村民小组|村民组|居民小组|小组|组|队|生产队|村组)?$"
)


def chinese_number(text: str) -> int | None:
    """1..999 from digits or Chinese numerals (三, 十二, 二十三, 一〇二)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _ten, ones = text.partition("十")
        if len(tens) > 1 or len(ones) > 1:
            return None
        t = _CN_DIGITS.get(tens, -1) if tens else 1
        o = _CN_DIGITS.get(ones, -1) if ones else 0
        return None if t < 0 or o < 0 else t * 10 + o
    digits = [_CN_DIGITS.get(ch) for ch in text]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def group_number(value: object) -> int | None:
    """3组 / 三组 / 第三村民小组 / 3 → 3; None when the text is not a group number."""
    text = clean_key(value)
    m = _GROUP_RE.match(text)
    if not m:
        return None
    n = chinese_number(m.group(1))
    return n if n else None


def group_key(value: object) -> str:
    """The 组 cell as a key telling groups apart even where none are registered:
    3组 / 三组 / 第三村民小组 / 3 → "3"; other text as written (spaces dropped); "" if empty."""
    text = clean_key(value)
    n = group_number(text) if text else None
    return str(n) if n is not None else text


_YEAR_MONTH_RE = re.compile(r"^(\d{4})\s*(?:[.\-/]|年)\s*(\d{1,2})\s*月?$")
_YEAR_MONTH_COMPACT_RE = re.compile(r"^(\d{4})(\d{2})$")


# Full dates written plainly (ASCII digits, nothing around): most rosters' dates, parsed
# here straight, as `parse_date_loose` would parse them (its separators and 年月日 forms).
_PLAIN_DATE_RE = re.compile(
    r"([0-9]{4})(?:([-/.])([0-9]{1,2})\2([0-9]{1,2})|年([0-9]{1,2})月([0-9]{1,2})日?)"
)


@dataclass(frozen=True, slots=True)
class LooseDate:
    value: date
    month_only: bool = False


def parse_date_value(value: object) -> LooseDate:
    """Dates as they arrive: date cells, 1949.12.31, 1949年12月31日, 19491231, Excel serial
    numbers, and year-month forms (1949.12, 1949年12月) marked `month_only`."""
    if isinstance(value, datetime | date):
        return LooseDate(parse_date_loose(value))
    if type(value) is str and (m := _PLAIN_DATE_RE.fullmatch(value)):
        year, _sep, month, day, zh_month, zh_day = m.groups()
        with contextlib.suppress(ValueError):  # else refused below, with its message
            return LooseDate(date(int(year), int(month or zh_month), int(day or zh_day)))
    if isinstance(value, bool):
        raise DateParseError("date_format", _("无法识别的日期：%(value)s") % {"value": value})
    if isinstance(value, int | float | Decimal):
        if float(value).is_integer() and 10_000_000 <= value <= 99_991_231:
            return LooseDate(parse_date_loose(str(int(value))))
        return LooseDate(parse_date_loose(value))
    text = _text(value)
    m = _YEAR_MONTH_RE.match(text) or _YEAR_MONTH_COMPACT_RE.match(text)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and year >= 1800:
            return LooseDate(date(year, month, 1), month_only=True)
        raise DateParseError("date_format", _("日期不存在：%(value)s") % {"value": value})
    return LooseDate(parse_date_loose(text))


# --------------------------------------------------------------------------- regions

_VILLAGE_SUFFIXES = ("村民委员会", "居民委员会", "村委会", "居委会", "社区", "村")


def _base_name(name: str) -> str:
    for suffix in _VILLAGE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


class RegionMatcher:
    """Village/community and group names → regions under the import's region.

    A village is found by its exact name, or by the name with/without the suffix
    村/社区/居委会 (东岳观 ↔ 东岳观村); a leading town or county name is ignored
    (东岳观镇东岳观村). A group (3组, 三组, 第三村民小组) is found among the village's
    group regions when it has any, and is otherwise ignored (the person belongs to the
    village). A name that matches nothing is an error: imports never create regions.
    """

    def __init__(self, root: Region) -> None:
        if root.level not in (RegionLevel.TOWN, RegionLevel.VILLAGE):
            raise ValueError("imports go to a town or a village")
        self.root = root
        regions = list(
            Region.unscoped.filter(path__startswith=root.path, level__gte=RegionLevel.VILLAGE)
        )
        self.villages = [r for r in regions if r.level == RegionLevel.VILLAGE]
        self.by_path = {r.path: r for r in regions}
        # Every region inside the import's region (the root itself included).
        self.by_id = {r.pk: r for r in regions}
        self.by_id[root.pk] = root
        self.village_of_region: dict[int, int] = {}
        for r in regions:
            village = self.by_path.get(r.path[:12])
            if village is not None:
                self.village_of_region[r.pk] = village.pk
        self._exact: dict[str, Region] = {}
        self._base: dict[str, list[Region]] = {}
        for v in self.villages:
            key = clean_key(v.name)
            self._exact.setdefault(key, v)
            self._base.setdefault(_base_name(key), []).append(v)
        self._groups: dict[int, dict[int, Region]] = {}
        self._group_names: dict[int, dict[str, Region]] = {}
        for g in regions:
            if g.level != RegionLevel.GROUP:
                continue
            village = self.by_path.get(g.path[:12])
            if village is None:
                continue
            self._group_names.setdefault(village.pk, {})[clean_key(g.name)] = g
            n = group_number(g.name)
            if n is not None:
                self._groups.setdefault(village.pk, {}).setdefault(n, g)
        self._prefixes = [clean_key(r.name) for r in root.ancestors() if r.level >= 3]
        if root.level == RegionLevel.TOWN:
            self._prefixes.append(clean_key(root.name))
        self._cache: dict[str, Region | str] = {}

    def village(self, value: object) -> Region:
        """The village for a cell (the root itself when the import is for one village)."""
        text = clean_key(value)
        if not text:
            if self.root.level == RegionLevel.VILLAGE:
                return self.root
            raise ValueError(_("未填写村（社区）"))
        found = self._cache.get(text)
        if found is None:
            found = self._find_village(text)
            self._cache[text] = found
        if isinstance(found, str):
            raise ValueError(found)
        return found

    def _find_village(self, text: str) -> Region | str:
        stripped = text
        changed = True
        while changed:
            changed = False
            for prefix in self._prefixes:
                if prefix and stripped.startswith(prefix) and len(stripped) > len(prefix):
                    stripped = stripped[len(prefix) :]
                    changed = True
        for candidate in (text, stripped):
            if candidate in self._exact:
                return self._exact[candidate]
        for candidate in (text, stripped):
            matches = self._base.get(_base_name(candidate), [])
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                names = "、".join(v.name for v in matches)
                return _("村（社区）“%(text)s”可能是%(names)s，请填写全称") % {
                    "text": text,
                    "names": names,
                }
        return _("村（社区）“%(text)s”不在%(region)s的区划中") % {
            "text": text,
            "region": self.root.name,
        }

    def group(self, village: Region, value: object) -> Region | None:
        """The group region for a cell, or None (no group given, or the village has none)."""
        text = clean_key(value)
        if not text:
            return None
        names = self._group_names.get(village.pk)
        if not names:
            return None  # groups are not registered for this village: keep the village
        if text in names:
            return names[text]
        n = group_number(text)
        found = self._groups.get(village.pk, {}).get(n) if n is not None else None
        if found is None:
            raise ValueError(
                _("村民小组“%(text)s”不在%(village)s的区划中")
                % {"text": text, "village": village.name}
            )
        return found


# --------------------------------------------------------------------------- rows


def _parse_cell(values: dict, key: str, parse: Callable[[Any], T], errors: list[str]) -> T | None:
    """`parse` of the cell `key`; None when the cell is absent, or when `parse` refuses it
    (its ValueError message is added to `errors`)."""
    if values.get(key) is None:
        return None
    try:
        return parse(values[key])
    except ValueError as e:
        errors.append(str(e))
        return None


class Normaliser:
    """Turns `SourceRow`s into `Record`s for one import (one root region, one day)."""

    def __init__(self, root: Region, today: date) -> None:
        self.matcher = RegionMatcher(root)
        self.today = today
        # One string object per distinct value of the fields rows repeat (`_shared`).
        self._pool: dict[str, str] = {}
        # Parsed cells of the columns whose values repeat row after row (`_parsed`).
        self._parsed: dict[tuple, Any] = {}
        self._id_hash = id_hasher()  # `people.services.id_hash`, the key found once
        self._parse_gender = partial(self._parse, parse_gender)
        self._parse_political_status = partial(self._parse, parse_political_status)

    def row(self, source: SourceRow) -> Record:
        v = source.values
        errors: list[str] = []
        warnings: list[str] = []

        name = clean_name(v.get("name"))
        if not name:
            errors.append(_("姓名不能为空"))
        elif len(name) > 50:
            errors.append(_("姓名过长（不能超过50个字）"))

        # Region: village, then group.
        region = village = None
        try:
            village = self.matcher.village(v.get("village"))
            region = (
                self._parse(RegionMatcher.group, v.get("group"), self.matcher, village) or village
            )
        except ValueError as e:
            errors.append(str(e))

        gender = _parse_cell(v, "gender", self._parse_gender, errors)

        birth: LooseDate | None = None
        if v.get("birth_date") is not None:
            try:
                birth = parse_date_value(v["birth_date"])
            except DateParseError:
                errors.append(_("出生日期“%(value)s”无法识别") % {"value": _text(v["birth_date"])})
            else:
                if birth.value > self.today:
                    errors.append(
                        _("出生日期（%(date)s）晚于今天") % {"date": birth.value.isoformat()}
                    )
                    birth = None
                elif birth.value.year < 1900:
                    errors.append(
                        _("出生日期（%(date)s）早于1900年") % {"date": birth.value.isoformat()}
                    )
                    birth = None

        id_hash, id_number = None, ""
        raw_id = v.get("id_number")
        if raw_id is not None:
            if is_lossy_number(raw_id):
                errors.append(str(ID_STORED_AS_NUMBER))
            else:
                if isinstance(raw_id, float) and raw_id.is_integer():
                    raw_id = int(raw_id)
                try:
                    info = parse_id_number(str(raw_id), today=self.today)
                except IdNumberError as e:
                    errors.append(e.message)
                else:
                    id_hash = self._id_hash(info.number)
                    id_number = info.number
                    if birth is not None and birth.month_only:
                        if (birth.value.year, birth.value.month) != (
                            info.birth_date.year,
                            info.birth_date.month,
                        ):
                            errors.append(
                                _(
                                    "出生年月（%(month)s）与身份证号码中的出生日期（%(from_id)s）不一致"
                                )
                                % {
                                    "month": _year_month(birth.value),
                                    "from_id": info.birth_date.isoformat(),
                                }
                            )
                        birth = LooseDate(info.birth_date)
                    errors.extend(
                        cross_check_id(info, birth.value if birth else None, gender or None)
                    )
                    birth = LooseDate(info.birth_date)
                    gender = info.gender
        if birth is not None and birth.month_only:
            warnings.append(
                _("出生日期只有年月，已按%(month)s1日导入") % {"month": _year_month(birth.value)}
            )

        phone, landline = _phones(v, errors, warnings)

        ethnicity = None
        if v.get("ethnicity") is not None:
            try:
                ethnicity, note = self._parse(parse_ethnicity, v["ethnicity"])
            except ValueError as e:
                errors.append(str(e))
            else:
                if note:
                    warnings.append(note)

        relation = None
        head_name = clean_name(v.get("household_head_name"))
        if v.get("relation_to_head") is not None:
            relation, note = self._parse(parse_relation, v["relation_to_head"])
            if note:
                warnings.append(note)
        elif head_name and name and head_name == name:
            relation = RelationToHead.HEAD
        if relation == RelationToHead.HEAD and head_name and name and head_name != name:
            errors.append(_("与户主关系为“户主”，但户主姓名是“%(name)s”") % {"name": head_name})

        party_status = _parse_cell(v, "political_status", self._parse_political_status, errors)
        joined = None
        if v.get("party_joined_on") is not None:
            try:
                joined = parse_date_value(v["party_joined_on"]).value
            except DateParseError:
                errors.append(
                    _("入党时间“%(value)s”无法识别") % {"value": _text(v["party_joined_on"])}
                )
            else:
                if joined > self.today:
                    errors.append(_("入党时间（%(date)s）晚于今天") % {"date": joined.isoformat()})
                elif party_status == PartyStatus.NONE:
                    errors.append(_("政治面貌不是党员，却填写了入党时间"))
                elif birth is not None and joined < birth.value:
                    errors.append(_("入党时间早于出生日期"))
        branch = _text(v.get("party_branch")) or None
        if branch and len(branch) > 100:
            errors.append(_("所在党支部名称过长（不能超过100个字）"))

        household_number = _text(v.get("household_number")).replace(" ", "")
        if len(household_number) > 32:
            errors.append(_("户号过长（不能超过32个字符）"))
        address = _text(v.get("address"))
        if len(address) > 200:
            errors.append(_("现住址过长（不能超过200个字）"))
        skills = _text(v.get("skills")) or None
        if skills and len(skills) > 200:
            errors.append(_("技能特长过长（不能超过200个字）"))
        volunteer = (
            _parse_cell(v, "volunteer", parse_volunteer, errors)
            if _text(v.get("volunteer"))
            else None
        )

        if errors:
            raise RowInvalid(errors)
        assert region is not None and village is not None

        if birth is None:
            warnings.append(_("缺少出生日期"))
        elif _age(birth.value, self.today) > MAX_AGE_WARNING:
            warnings.append(_("年龄超过%(age)s岁，请核对出生日期") % {"age": MAX_AGE_WARNING})

        shared = self._shared  # the fields of _SHARED_FIELDS
        return Record(
            line=source.line_number,
            name=shared(name),
            region_id=region.pk,
            village_id=village.pk,
            id_hash=id_hash,
            id_number=id_number,
            gender=gender,
            birth_date=birth.value if birth else None,
            ethnicity=shared(ethnicity),
            phone=phone,
            landline=landline,
            relation=relation,
            head_name=shared(head_name),
            household_number=shared(household_number),
            address=shared(address),
            party_status=party_status,
            party_joined_on=joined,
            party_branch=shared(branch),
            notes=_text(v.get("notes")) or None,
            skills=skills,
            volunteer=volunteer,
            group=shared(self._parse(group_key, v.get("group"))),
            warnings=tuple(warnings),
        )

    def _parse(self, parse: Callable[..., T], value: Any, *args: Any) -> T:
        """`parse(*args, value)` for a column whose values repeat (group, gender, 民族,
        relation, 政治面貌): each distinct value parsed once. A value `parse` refuses is
        not kept (its ValueError is raised each time); at most `_MAX_PARSED` are kept."""
        key = (parse, args, type(value), value)
        try:
            return self._parsed[key]
        except KeyError:
            pass
        result = parse(*args, value)
        if len(self._parsed) < _MAX_PARSED:
            self._parsed[key] = result
        return result

    def _shared(self, value: str | None) -> str | None:
        """`value`, as the one object of that text: a roster repeats names, head names,
        household numbers, addresses and 组 row after row (up to `_MAX_PARSED` texts, so
        that the pool stays small whatever the file's length)."""
        if not value:
            return value
        pooled = self._pool.get(value)
        if pooled is not None:
            return pooled
        if len(self._pool) < _MAX_PARSED:
            self._pool[value] = value
        return value

    def head_key(self, source: SourceRow) -> tuple[int, str, str] | None:
        """(village id, group key, name) of an invalid row that is a household head's, so
        rows of that household can say their head's row is in error. None when not a head."""
        v = source.values
        name = clean_name(v.get("name"))
        head_name = clean_name(v.get("household_head_name"))
        is_head = (
            parse_relation(v["relation_to_head"])[0] == RelationToHead.HEAD
            if v.get("relation_to_head") is not None
            else bool(name) and name == head_name
        )
        if not is_head or not name:
            return None
        try:
            village = self.matcher.village(v.get("village"))
        except ValueError:
            return None
        return village.pk, group_key(v.get("group")), name


def _phones(values: dict, errors: list[str], warnings: list[str]) -> tuple[str | None, str | None]:
    """(mobile, landline) from the 联系电话 and 固定电话 cells, each of which may hold one
    number of either kind or several ("13800001111/0744-1234567"): the first mobile and
    the first landline; further ones are not imported, with a warning."""
    mobiles: list[str] = []
    landlines: list[str] = []
    for key in ("phone", "landline"):
        raw = values.get(key)
        if raw is None:
            continue
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        bare = raw if type(raw) is str else str(raw) if type(raw) is int else ""
        if is_bare_mobile(bare):  # the common case, fast: what parse_phone_numbers gives
            mobiles.append(bare)
            continue
        try:
            found = parse_phone_numbers(raw if isinstance(raw, int | str) else _text(raw))
        except PhoneError as e:
            errors.append(
                _("电话号码“%(value)s”格式错误，%(problem)s")
                % {"value": _text(raw), "problem": e.message}
            )
            continue
        mobiles.extend(found.mobiles)
        landlines.extend(found.landlines)
    if len(mobiles) > 1:
        warnings.append(
            _("有%(count)s个手机号码，只导入了第一个（%(phone)s）")
            % {"count": len(mobiles), "phone": mask_phone(mobiles[0])}
        )
    if len(landlines) > 1:
        warnings.append(
            _("有%(count)s个固定电话，只导入了第一个（%(phone)s）")
            % {"count": len(landlines), "phone": mask_landline(landlines[0])}
        )
    return (mobiles[0] if mobiles else None), (landlines[0] if landlines else None)


def shared_phone_message(phone: str, count: int) -> str:
    return _("手机号码%(phone)s在本文件中有%(count)s人共用") % {
        "phone": mask_phone(phone),
        "count": count,
    }


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
