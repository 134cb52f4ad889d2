"""The search key of a name: simplified characters, full pinyin and initials, in one column."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import lazy_pinyin


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def search_key(*names: str) -> str:
    """e.g. 张三 → "张三 zhangsan zs"; searched with `icontains` on the simplified query."""
    parts: list[str] = []
    for name in names:
        if not name:
            continue
        simple = to_simplified(name)
        parts.append(simple.lower())
        syllables = lazy_pinyin(simple, errors="ignore")
        if syllables:
            parts.append("".join(syllables).lower())
            parts.append("".join(s[0] for s in syllables if s).lower())
        # Polyphonic surnames: add the initials form of heteronyms too (单 shan/dan).
    return " ".join(dict.fromkeys(parts))


def normalise_query(query: str) -> str:
    return to_simplified(query.strip()).lower().replace(" ", "")
