"""The search key of a name: simplified characters, full pinyin, initials and their mixes,
in one indexed column (`Person.search_text`), matched with `contains` on the normalised query.

For 张三丰 the key is "张三丰 zhangsanfeng zsf zhangsf zsanfeng zsfeng …": every form in
which each syllable is written in full or by its initial (all of them for names of up to
three syllables; for longer names, full syllables first and initials after), so "zhangs",
"zhangsf", "zsf" and "zsfeng" all find the name. A form contained in another is left out
(it is found anyway). Surnames are read as surnames: 曾 zeng, 单 shan, 解 xie, 仇 qiu …
(pypinyin reads them as ordinary words: ceng, dan, jie, chou), and the ordinary reading is
kept as well, since people type it too. Traditional characters are folded to simplified on
both sides (OpenCC t2s), so 張三豐 finds 张三丰 and 鎮 finds 镇.

On PostgreSQL a trigram GIN index (pg_trgm, people migration 0002) serves the `LIKE '%q%'`
of queries of three or more characters; SQLite scans the column, which is fast enough for
a town (see bench/search_bench.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import product

SEARCH_TEXT_MAX_LENGTH = 255  # Person.search_text
_FULL_MIX_MAX_SYLLABLES = 3

# Surnames whose reading as a surname differs from pypinyin's reading of the character.
# Each maps to its surname readings, the most common first.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "单": ("shan",),
    "曾": ("zeng",),
    "解": ("xie",),
    "仇": ("qiu",),
    "区": ("ou",),
    "朴": ("piao",),
    "查": ("zha",),
    "盖": ("ge", "gai"),
    "乐": ("yue", "le"),
    "尉": ("wei",),
    "缪": ("miao",),
    "覃": ("qin", "tan"),
    "种": ("chong",),
    "秘": ("bi",),
    "繁": ("po",),
    "那": ("na",),
    "任": ("ren",),
    "员": ("yun",),
    "召": ("shao",),
    "隗": ("wei",),
    "句": ("gou",),
    "阚": ("kan",),
    "能": ("nai",),
    "冼": ("xian",),
    "谌": ("chen",),
    "牟": ("mou", "mu"),
    "祭": ("zhai",),
    "翟": ("zhai",),
    "宿": ("su",),
    "占": ("zhan",),
    "折": ("she",),
    "厍": ("she",),
    "洗": ("xian",),
    "都": ("du",),
    "费": ("fei",),
    "贲": ("ben",),
    "柏": ("bai",),
    "薄": ("bo",),
    "重": ("chong",),
    "车": ("che",),
    "黑": ("he",),
    "长": ("chang",),
    "行": ("xing", "hang"),
    "颉": ("xie", "jie"),
    "褚": ("chu",),
    "佴": ("nai",),
    "莘": ("shen",),
    "炅": ("gui",),
    "郇": ("huan",),
    "逄": ("pang",),
    "藏": ("zang",),
    "卜": ("bu",),
    "蕃": ("pi",),
    "殷": ("yin",),
    "沈": ("shen",),
    "石": ("shi",),
    "华": ("hua",),
    "过": ("guo",),
    "燕": ("yan",),
    "宁": ("ning",),
    "纪": ("ji",),
    "鲜": ("xian",),
    "尧": ("yao",),
    "阿": ("a",),
}

# Compound surnames pypinyin may misread, with their syllables.
COMPOUND_SURNAMES: dict[str, tuple[str, ...]] = {
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "长孙": ("zhang", "sun"),
    "单于": ("chan", "yu"),
    "澹台": ("tan", "tai"),
    "令狐": ("ling", "hu"),
    "欧阳": ("ou", "yang"),
    "司马": ("si", "ma"),
    "上官": ("shang", "guan"),
    "诸葛": ("zhu", "ge"),
    "东方": ("dong", "fang"),
    "皇甫": ("huang", "fu"),
    "公孙": ("gong", "sun"),
    "慕容": ("mu", "rong"),
    "宇文": ("yu", "wen"),
    "司徒": ("si", "tu"),
    "夏侯": ("xia", "hou"),
    "轩辕": ("xuan", "yuan"),
    "端木": ("duan", "mu"),
    "申屠": ("shen", "tu"),
    "呼延": ("hu", "yan"),
    "拓跋": ("tuo", "ba"),
    "钟离": ("zhong", "li"),
    "南宫": ("nan", "gong"),
    "西门": ("xi", "men"),
    "独孤": ("du", "gu"),
}

# Characters dropped from names and queries: separators in transcribed names and pinyin.
_DROP_RE = re.compile(r"[\s'’‘·•・.\-_]+")
_HAN_RE = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")
_PHONE_LIKE_RE = re.compile(r"^\+?[\d\s\-()]+$")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _pinyin():
    """pypinyin's dictionaries take ~60 MB: loaded when a name is first written, not by
    every process that imports this module (an import's check never needs them).

    The converter `pypinyin.lazy_pinyin` builds on every call, built once."""
    from pypinyin.converter import UltimateConverter
    from pypinyin.core import Pinyin

    return Pinyin(UltimateConverter(v_to_u=False, neutral_tone_with_five=False, tone_sandhi=False))


@lru_cache(maxsize=65_536)
def _word_pinyin(word: str) -> tuple[str, ...]:
    """The plain pinyin of one of pypinyin's segments (a phrase, a character or a run
    of characters without pinyin), as `lazy_pinyin` gives it. Names share few segments
    (surnames, given-name characters, common phrases): converted once each."""
    from pypinyin import Style

    converted = _pinyin()._converter.convert(word, Style.NORMAL, False, "ignore", True)
    return tuple(py for pys in converted for py in pys)


def lazy_pinyin(text: str) -> list[str]:
    """`pypinyin.lazy_pinyin(text, errors="ignore")`, the same syllables: pypinyin's own
    segmentation, each segment converted once (`_word_pinyin`)."""
    return [py for word in _pinyin().seg(text) for py in _word_pinyin(word)]


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def _is_han(char: str) -> bool:
    return bool(_HAN_RE.fullmatch(char))


def name_readings(name: str) -> list[list[str]]:
    """The pinyin syllables of a (simplified) name, one list per reading: the surname
    reading(s) first, then pypinyin's ordinary reading if it differs."""
    han = "".join(_HAN_RE.findall(name))  # the Han characters (one each: `_is_han`)
    if not han:
        return []
    ordinary = [s.lower() for s in lazy_pinyin(han) if s]
    if len(ordinary) != len(han):  # a character pypinyin does not know: no alignment
        return [ordinary] if ordinary else []
    readings: list[list[str]] = []
    compound = COMPOUND_SURNAMES.get(han[:2]) if len(han) > 2 else None
    if compound:
        readings.append([*compound, *ordinary[2:]])
    else:
        for surname in SURNAME_READINGS.get(han[0], ()):
            readings.append([surname, *ordinary[1:]])
    readings.append(ordinary)
    unique: list[list[str]] = []
    for reading in readings:
        if reading not in unique:
            unique.append(reading)
    return unique


def _mixes(syllables: list[str]) -> list[str]:
    """Every spelling with each syllable in full or as its initial (short names), or with
    full syllables first and initials after (long names)."""
    n = len(syllables)
    if n <= _FULL_MIX_MAX_SYLLABLES:
        choices = product((True, False), repeat=n)
    else:
        choices = (tuple(i < k for i in range(n)) for k in range(n, -1, -1))
    return [
        "".join(s if full else s[0] for s, full in zip(syllables, c, strict=True)) for c in choices
    ]


@lru_cache(maxsize=32_768)
def search_key(*names: str) -> str:
    """e.g. 张三 → "张三 zhangsan zsan" (zs, zhangs and zhangsa are inside those forms);
    searched with `contains` on the normalised query (`normalise_query`). At most 255 characters, the most useful forms
    first: the name, full pinyin and initials of each reading, then the mixed forms.

    A pure function of the names, cached: a roster repeats names (100,000 generated
    residents have about 22,000 distinct names), and the pinyin is most of an import's
    write time."""
    primary: list[str] = []
    mixed: list[str] = []
    for name in names:
        if not name:
            continue
        simple = to_simplified(unicodedata.normalize("NFKC", name)).lower().strip()
        primary.append(_DROP_RE.sub("", simple))
        for syllables in name_readings(simple):
            primary.append("".join(syllables))
            primary.append("".join(s[0] for s in syllables))
            mixed.extend(_mixes(syllables))
    # A form contained in another is found through that one, which takes its place.
    # (`joined` holds the kept forms apart by NUL, which no form has: a form is inside
    # one of them exactly when it is inside `joined`, one search instead of one a form.)
    kept: list[str] = []
    joined = ""
    for form in dict.fromkeys(primary + mixed):
        if not form or form in joined:
            continue
        covered = [i for i, k in enumerate(kept) if k in form]
        if covered:
            kept = [k for k in kept if k not in form]
            kept.insert(covered[0], form)
        else:
            kept.append(form)
        joined = "\0".join(kept)
    out = ""
    for form in kept:
        candidate = f"{out} {form}" if out else form
        if len(candidate) > SEARCH_TEXT_MAX_LENGTH:
            if not out:  # one huge form: keep what fits
                out = form[:SEARCH_TEXT_MAX_LENGTH]
            continue
        out = candidate
    return out


def normalise_query(query: str) -> str:
    """The query as the key is written: NFKC (full-width → half-width), simplified,
    lower-case, without spaces and separators. A phone number keeps its digits only
    (138-0000-1234, +86 138 0000 1234 → 13800001234)."""
    q = unicodedata.normalize("NFKC", query or "").strip()
    if not q:
        return ""
    if _PHONE_LIKE_RE.match(q) and any(c.isdigit() for c in q):
        digits = re.sub(r"\D", "", q)
        if q.lstrip().startswith("+86") or (len(digits) == 13 and digits.startswith("86")):
            digits = digits[2:]
        return digits
    return _DROP_RE.sub("", to_simplified(q).lower())
