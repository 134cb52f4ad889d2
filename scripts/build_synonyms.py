"""Rebuild sanwei/seminar/data/synonyms.txt from the cnsyn wheel's synonym list.

    python scripts/build_synonyms.py PATH/TO/cnsyn/chinese_dictionary/sim_words.txt

Source: the PyPI package cnsyn 1.2.0 (https://github.com/shangfr/Chinese-Synonyms, package
licence Apache-2.0), file `cnsyn/chinese_dictionary/sim_words.txt`, 45,860 lines of
space-separated synonym sets. Its first 28,043 lines are the package's "wiki" part (built
from Chinese Wikipedia, whose text is CC BY-SA); the remaining 17,817 lines are its
"cndict" part, which is HIT's 同义词词林扩展版 with the codes stripped (line 28,044 is
Cilin's Aa01A01 "人 士 人物 人士 人氏 人选"), research-only, so it is NOT used.

Filter (no look at any labelled opinion): from the wiki part, keep the words made of 2-6
Han characters that jieba's own dictionary knows, not tagged as a name, place,
organisation, other proper noun, time or numeral (nr*, ns*, nt*, nz*, t*, m*); keep a set
when 2 to 6 words remain. Output: one set a line, words separated by a space, in source
order, first occurrence of a set only.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import jieba

WIKI_LINES = 28043
CILIN_FIRST = "人 士 人物 人士 人氏 人选"
OUT = Path(__file__).resolve().parent.parent / "sanwei" / "seminar" / "data" / "synonyms.txt"
HAN = re.compile(r"^[\u4e00-\u9fff]{2,6}$")
DROPPED_TAGS = ("nr", "ns", "nt", "nz", "t", "m")


def jieba_tags() -> dict[str, str]:
    path = Path(jieba.__file__).parent / "dict.txt"
    tags = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            word, _freq, tag = line.split()
            tags[word] = tag
    return tags


def build(source: Path) -> list[list[str]]:
    lines = source.read_text(encoding="utf-8").split("\n")
    if lines[WIKI_LINES].strip() != CILIN_FIRST:
        raise SystemExit("unexpected source: the Cilin part does not start where expected")
    tags = jieba_tags()
    sets, seen = [], set()
    for line in lines[:WIKI_LINES]:
        words: list[str] = []
        for word in line.split():
            tag = tags.get(word)
            if HAN.match(word) and tag and not tag.startswith(DROPPED_TAGS) and word not in words:
                words.append(word)
        key = frozenset(words)
        if 2 <= len(words) <= 6 and key not in seen:
            seen.add(key)
            sets.append(words)
    return sets


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    source = Path(argv[0])
    sets = build(source)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    header = (
        "# Synonym sets, one a line, filtered by scripts/build_synonyms.py from cnsyn 1.2.0\n"
        f"# sim_words.txt (sha256 {digest}), its Wikipedia part only; see LICENSE-synonyms.md\n"
    )
    OUT.write_text(header + "".join(" ".join(s) + "\n" for s in sets), encoding="utf-8")
    print(f"{len(sets)} sets, {sum(len(s) for s in sets)} words -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
