"""The form of a 三句半 (唱演学) script, checked line by line. Pure: no database, no Django.

A script is an optional title line at the top (《…》), then stanzas separated by blank
lines. Each stanza has four lines: the first three are full lines (at least
`FULL_LINE_MIN_CHARS` characters), the fourth a short closing phrase of 1 to
`closing_max_chars` characters (the 半句). Punctuation and spaces are not counted. A line
may start with its speaker ("甲：", "乙：", "丙：", "丁："), which is not counted either.
Four performers speak it, so exactly four must be assigned.

`check_script` returns the errors in Chinese, each with the (1-based) line it is about,
or none for errors about the whole script.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

FULL_LINE_MIN_CHARS = 5
DEFAULT_CLOSING_MAX_CHARS = 4
CLOSING_MAX_CHARS_RANGE = (1, 8)
PERFORMERS = 4
STANZA_LINES = 4

_TITLE = re.compile(r"^《[^《》]+》$")
_SPEAKER = re.compile(r"^[甲乙丙丁][:：]\s*")


@dataclass(frozen=True)
class ScriptError:
    line: int | None  # 1-based line of the text; None: about the whole script
    message: str

    def __str__(self) -> str:
        return f"第{self.line}行：{self.message}" if self.line else self.message


def counted_chars(line: str) -> int:
    """Characters of a spoken line: without the speaker, punctuation, symbols and spaces."""
    spoken = _SPEAKER.sub("", line.strip())
    return sum(1 for ch in spoken if unicodedata.category(ch)[0] not in "PZSC")


def stanzas(text: str) -> list[list[tuple[int, str]]]:
    """The stanzas of `text` as lists of (line number, line), after an optional title."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    seen_content = False
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            if current:
                found.append(current)
                current = []
            continue
        if not seen_content and _TITLE.match(line):
            seen_content = True
            continue
        seen_content = True
        current.append((number, line))
    if current:
        found.append(current)
    return found


def check_script(
    text: str,
    *,
    closing_max_chars: int = DEFAULT_CLOSING_MAX_CHARS,
    performer_count: int | None = None,
) -> list[ScriptError]:
    """The structural errors of a 三句半 script, in the order of its lines (the
    performers' count last). `performer_count=None` leaves the performers unchecked."""
    low, high = CLOSING_MAX_CHARS_RANGE
    if not low <= closing_max_chars <= high:
        raise ValueError(f"closing_max_chars must be {low}..{high}")
    errors: list[ScriptError] = []
    found = stanzas(text or "")
    if not found:
        errors.append(ScriptError(None, "剧本还没有内容：每段四行，前三句整句，第四句是短句"))
    for index, stanza in enumerate(found, start=1):
        if len(stanza) != STANZA_LINES:
            errors.append(
                ScriptError(
                    stanza[0][0],
                    f"第{index}段有{len(stanza)}行，每段应为{STANZA_LINES}行"
                    "（三句整句加一句短句），段与段之间空一行",
                )
            )
            continue
        for number, line in stanza[:3]:
            n = counted_chars(line)
            if n < FULL_LINE_MIN_CHARS:
                errors.append(
                    ScriptError(
                        number,
                        f"前三句应为整句（至少{FULL_LINE_MIN_CHARS}个字），此句只有{n}个字",
                    )
                )
        number, line = stanza[3]
        n = counted_chars(line)
        if n == 0:
            errors.append(ScriptError(number, "第四句（半句）没有文字"))
        elif n > closing_max_chars:
            errors.append(
                ScriptError(
                    number,
                    f"第四句应为1至{closing_max_chars}个字的短句（半句），此句有{n}个字",
                )
            )
    if performer_count is not None and performer_count != PERFORMERS:
        errors.append(
            ScriptError(None, f"三句半需要恰好{PERFORMERS}名表演者，现有{performer_count}名")
        )
    return errors
