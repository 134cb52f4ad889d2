"""Pure-Python normalisation and validation of personal data.

Covers the free-text, ID-card (居民身份证, GB 11643-1999), mainland mobile
phone and "loose" date values that arrive from forms and spreadsheet imports.

This module imports nothing from Django at import time, so it can be used (and
tested) without settings.  User-facing messages go through gettext
(``sanwei.core.i18n``: the zh-Hans msgid itself when settings are not configured);
each error also carries a stable English ``code`` that callers should branch on
instead of the message text.
"""

from __future__ import annotations

import math
import operator
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from sanwei.core.i18n import gettext as _
from sanwei.core.i18n import gettext_noop
from sanwei.core.logmask import mask_numbers

__all__ = [
    "DateParseError",
    "IdInfo",
    "IdNumberError",
    "PhoneError",
    "PhoneNumbers",
    "ValidationProblem",
    "cross_check_id",
    "id_check_digit",
    "mask_id_number",
    "mask_landline",
    "mask_phone",
    "normalize_id_number",
    "normalize_landline",
    "normalize_phone",
    "normalize_text",
    "parse_date_loose",
    "parse_id_number",
    "parse_phone_numbers",
]


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


class ValidationProblem(Exception):
    """Base class: ``code`` is a machine code, ``message`` a Chinese user message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class IdNumberError(ValidationProblem):
    """Codes: ``id_length``, ``id_format``, ``id_check_digit``, ``id_birth_date``."""


class PhoneError(ValidationProblem):
    """Codes: ``phone_format``, ``landline_format``, ``phones_format``."""


class DateParseError(ValidationProblem):
    """Code: ``date_format``."""


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------

# Full-width ASCII block U+FF01..U+FF5E maps 1:1 onto U+0021..U+007E; the
# ideographic space U+3000 becomes an ordinary space.  A targeted table is
# used for general text instead of NFKC, because NFKC also rewrites things
# that must survive in names and addresses (CJK compatibility ideographs,
# superscripts, ligatures, circled numbers, ...).
_FULLWIDTH_TABLE: dict[int, int | str | None] = {
    code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)
}
_FULLWIDTH_TABLE[0x3000] = " "
# Invisible junk that commonly rides along with copy-paste from web/Excel.
for _zw in ("\u200b", "\u2060", "\ufeff"):
    _FULLWIDTH_TABLE[ord(_zw)] = None

# ``\s`` on str patterns is Unicode-aware: covers tabs, newlines, NBSP
# (U+00A0), U+2000..U+200A, U+202F, U+205F, U+3000, ...
_WHITESPACE_RE = re.compile(r"\s+")


def normalize_text(s: str) -> str:
    """Full-width ASCII -> half-width, strip, collapse whitespace runs to one space."""
    if not isinstance(s, str):
        raise TypeError(f"normalize_text() expects str, got {type(s).__name__}")
    s = s.translate(_FULLWIDTH_TABLE)
    return _WHITESPACE_RE.sub(" ", s).strip()


def _normalize_code(raw: str) -> str:
    """Aggressive normalisation for values that must be ASCII codes (IDs, phones, dates).

    NFKC is correct here: it maps full-width digits/letters/punctuation to ASCII.
    """
    return normalize_text(unicodedata.normalize("NFKC", raw))


# ---------------------------------------------------------------------------
# ID card (GB 11643-1999)
# ---------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_ID_RE = re.compile(r"[0-9]{17}[0-9X]")
_PLAIN_ID_RE = re.compile(r"[0-9]{17}[0-9Xx]")  # already clean: no normalising needed
_ID_LEGACY_RE = re.compile(r"[0-9]{15}")
_ID_MIN_BIRTH = date(1900, 1, 1)


@dataclass(frozen=True, slots=True)
class IdInfo:
    number: str
    birth_date: date
    gender: str  # "M" or "F"
    region_code: str


def normalize_id_number(raw: str) -> str:
    """normalize_text + NFKC, remove all spaces, upper-case a trailing ``x``."""
    s = _normalize_code(raw).replace(" ", "")
    if s.endswith("x"):
        s = s[:-1] + "X"
    return s


def id_check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise ValueError("id_check_digit() needs exactly 17 ASCII digits")
    total = sum(map(operator.mul, map(int, first17), _ID_WEIGHTS))
    return _ID_CHECK_CHARS[total % 11]


def parse_id_number(raw: str, today: date | None = None) -> IdInfo:
    """Validate an 18-character ID number and extract birth date, gender and region.

    ``today`` bounds the birth date; pass ``django.utils.timezone.localdate()``
    from Django code (the default is the host's ``date.today()``).
    """
    number = raw.upper() if _PLAIN_ID_RE.fullmatch(raw) else normalize_id_number(raw)
    if _ID_LEGACY_RE.fullmatch(number):
        raise IdNumberError(
            "id_length",
            _("不支持15位旧版身份证号码，请填写18位身份证号码"),
        )
    if len(number) != 18:
        raise IdNumberError(
            "id_length",
            _("身份证号码应为18位，当前为%(length)s位") % {"length": len(number)},
        )
    if not _ID_RE.fullmatch(number):
        raise IdNumberError(
            "id_format",
            _("身份证号码格式错误：前17位应为数字，最后一位应为数字或X"),
        )

    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError(
            "id_birth_date",
            _("身份证号码中的出生日期无效"),
        ) from None
    if today is None:
        today = date.today()
    if birth < _ID_MIN_BIRTH or birth > today:
        raise IdNumberError(
            "id_birth_date",
            _("身份证号码中的出生日期超出合理范围"),
        )

    if id_check_digit(number[:17]) != number[17]:
        raise IdNumberError(
            "id_check_digit",
            _("身份证号码校验位错误"),
        )

    gender = "M" if int(number[16]) % 2 == 1 else "F"
    return IdInfo(number=number, birth_date=birth, gender=gender, region_code=number[:6])


def _mask(s: str, keep_head: int, keep_tail: int) -> str:
    if len(s) <= keep_head + keep_tail:
        return "*" * len(s)
    return s[:keep_head] + "*" * (len(s) - keep_head - keep_tail) + s[-keep_tail:]


def mask_id_number(number: str) -> str:
    """Keep the first 3 characters only: ``430***************`` (same length).

    The birth date, the sequence digits and the check character stay hidden, so the
    number cannot be rebuilt from the mask and the age (see ``sanwei.people.privacy``)."""
    number = normalize_id_number(number)
    return number[:3] + "*" * (len(number) - 3) if len(number) > 3 else "*" * len(number)


_GENDER_ALIASES = {
    "M": "M",
    "MALE": "M",
    "男": "M",
    "男性": "M",
    "F": "F",
    "FEMALE": "F",
    "女": "F",
    "女性": "F",
}
_GENDER_LABELS = {"M": gettext_noop("男"), "F": gettext_noop("女")}


def cross_check_id(
    info: IdInfo,
    birth_date: date | None = None,
    gender: str | None = None,
) -> list[str]:
    """Return Chinese messages for every mismatch between ``info`` and the given values.

    ``gender`` accepts "M"/"F" (any case), "男"/"女", "男性"/"女性", "male"/"female".
    ``None`` or an empty string skips that check; an unknown gender raises ValueError.
    """
    problems: list[str] = []
    if birth_date is not None:
        if isinstance(birth_date, datetime):
            birth_date = birth_date.date()
        if birth_date != info.birth_date:
            problems.append(
                _("出生日期（%(given)s）与身份证号码中的出生日期（%(from_id)s）不一致")
                % {"given": birth_date.isoformat(), "from_id": info.birth_date.isoformat()}
            )
    if gender is not None and gender.strip():
        key = normalize_text(gender).upper()
        if key not in _GENDER_ALIASES:
            raise ValueError(f"unrecognised gender value: {gender!r}")
        g = _GENDER_ALIASES[key]
        if g != info.gender:
            problems.append(
                _("性别（%(given)s）与身份证号码中的性别（%(from_id)s）不一致")
                % {"given": _(_GENDER_LABELS[g]), "from_id": _(_GENDER_LABELS[info.gender])}
            )
    return problems


# ---------------------------------------------------------------------------
# Mobile phone (mainland China)
# ---------------------------------------------------------------------------

# Separators people type between digit groups (after NFKC).
_PHONE_SEPARATORS_RE = re.compile(r"[\s\-\u2010-\u2015\u2212().]")
_PHONE_RE = re.compile(r"1[3-9][0-9]{9}")


def is_bare_mobile(text: str) -> bool:
    """True for a mobile number as stored (11 digits, no separators): what
    `normalize_phone` and `parse_phone_numbers` give back unchanged (a bulk reader's
    fast path)."""
    return _PHONE_RE.fullmatch(text) is not None


def _phone_error() -> PhoneError:
    return PhoneError(
        "phone_format",
        _("手机号码格式错误，应为以1开头的11位大陆手机号码"),
    )


def normalize_phone(raw: str | int) -> str:
    """Return the bare 11-digit mainland mobile number or raise PhoneError.

    Accepts "+86 138-0000-0000", "0086 13800000000", "86-13800000000",
    "(+86) 138 0000 0000", full-width digits, and ints (spreadsheet cells).
    """
    if isinstance(raw, bool):
        raise _phone_error()
    if isinstance(raw, int):
        raw = str(raw)
    elif not isinstance(raw, str):
        raise _phone_error()
    if _PHONE_RE.fullmatch(raw):
        return raw  # already bare: the common case, fast
    s = _PHONE_SEPARATORS_RE.sub("", _normalize_code(raw))
    if s.startswith("+"):
        s = s[1:]
        if not s.startswith("86"):
            raise _phone_error()
    if not (s.isascii() and s.isdigit()):
        raise _phone_error()
    if len(s) == 15 and s.startswith("0086"):
        s = s[4:]
    elif len(s) == 13 and s.startswith("86"):
        s = s[2:]
    if not _PHONE_RE.fullmatch(s):
        raise _phone_error()
    return s


def mask_phone(p: str | int) -> str:
    """``13800000000`` -> ``138****0000`` (normalises first when possible)."""
    try:
        s = normalize_phone(p)
    except PhoneError:
        s = _normalize_code(str(p)).replace(" ", "")
    return _mask(s, 3, 4)


# ---------------------------------------------------------------------------
# Landline (area code + local number)
# ---------------------------------------------------------------------------

_LANDLINE_RE = re.compile(r"0[1-9][0-9]{1,2}-[1-9][0-9]{6,7}")


def _landline_error() -> PhoneError:
    return PhoneError(
        "landline_format",
        _("固定电话格式错误，应为区号加7或8位号码，如0744-1234567"),
    )


def normalize_landline(raw: str | int) -> str:
    """Return a landline as ``0744-1234567`` (area code, hyphen, 7 or 8 digits) or raise
    PhoneError.

    Accepts "0744-1234567", "07441234567", "(0744)1234567", "（0744）1234567",
    "0744 123 4567", "+86 744 1234567", and ints whose leading 0 a spreadsheet dropped.
    Area codes 010 and 02x have three digits, all others four.
    """
    if isinstance(raw, bool):
        raise _landline_error()
    if isinstance(raw, int):
        raw = "0" + str(raw)
    elif not isinstance(raw, str):
        raise _landline_error()
    if _LANDLINE_RE.fullmatch(raw) and len(raw) - raw.index("-") - 1 in (7, 8):
        return _landline_parts(raw.replace("-", ""))
    s = _PHONE_SEPARATORS_RE.sub("", _normalize_code(raw))
    if s.startswith("+86"):
        s = "0" + s[3:]
    elif s.startswith("0086"):
        s = "0" + s[4:]
    if not (s.isascii() and s.isdigit()):
        raise _landline_error()
    return _landline_parts(s)


def _landline_parts(digits: str) -> str:
    if len(digits) < 3 or digits[0] != "0" or digits[1] == "0":
        raise _landline_error()
    area = 3 if digits[1] in "12" else 4
    local = digits[area:]
    if len(local) not in (7, 8) or local[0] == "0":
        raise _landline_error()
    return f"{digits[:area]}-{local}"


def mask_landline(p: str) -> str:
    """``0744-1234567`` -> ``0744-****567``: the area code and the last 3 digits, so at
    least 10,000 numbers share a mask (as for mobiles)."""
    try:
        s = normalize_landline(p)
    except PhoneError:
        return _mask(_normalize_code(str(p)).replace(" ", ""), 0, 3)
    area, local = s.split("-")
    return f"{area}-{_mask(local, 0, 3)}"


@dataclass(frozen=True)
class PhoneNumbers:
    """The numbers of one cell: mobiles and landlines, in the order written."""

    mobiles: tuple[str, ...] = ()
    landlines: tuple[str, ...] = ()


_PHONE_LIST_SEPARATORS_RE = re.compile(r"[/,;、|]+")


def _one_number(text: str) -> tuple[str, str] | None:
    """("mobile" | "landline", the number) or None."""
    try:
        return "mobile", normalize_phone(text)
    except PhoneError:
        pass
    try:
        return "landline", normalize_landline(text)
    except PhoneError:
        return None


def parse_phone_numbers(raw: str | int) -> PhoneNumbers:
    """The numbers in a cell as people write them: one mobile or landline, or several
    separated by "/", "、", "，", "；" or a space ("13800001111/0744-1234567").
    Raises PhoneError naming the part that is neither."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
        found = _one_number(raw) or _one_number(int(raw))  # type: ignore[arg-type]
    elif isinstance(raw, str):
        raw = _normalize_code(raw)
        found = _one_number(raw)
    else:
        raise _phone_error()
    if found is not None:
        return _numbers([found])
    parts = [p.strip() for p in _PHONE_LIST_SEPARATORS_RE.split(raw) if p.strip()]
    if len(parts) == 1:
        parts = _split_on_spaces(parts[0])
    numbers = []
    for part in parts:
        one = _one_number(part)
        if one is None:
            if len(parts) == 1:
                raise PhoneError(
                    "phones_format",
                    _("应为11位手机号码，或区号加固定电话号码（如0744-1234567）"),
                )
            raise PhoneError(
                "phones_format",
                _("其中“%(part)s”既不是11位手机号码，也不是区号加固定电话号码")
                % {"part": mask_numbers(part)},
            )
        numbers.append(one)
    return _numbers(numbers)


def _split_on_spaces(text: str) -> list[str]:
    """Two numbers separated by a space ("13800001111 0744-1234567"), where the space is
    not inside one number: the one split at which both halves are numbers, else `text`."""
    words = text.split(" ")
    splits = [
        [" ".join(words[:i]), " ".join(words[i:])]
        for i in range(1, len(words))
        if _one_number(" ".join(words[:i])) and _one_number(" ".join(words[i:]))
    ]
    return splits[0] if len(splits) == 1 else [text]


def _numbers(found: list[tuple[str, str]]) -> PhoneNumbers:
    return PhoneNumbers(
        mobiles=tuple(n for kind, n in found if kind == "mobile"),
        landlines=tuple(n for kind, n in found if kind == "landline"),
    )


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_DATE_SEP_RE = re.compile(r"(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})")
_DATE_ZH_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
_DATE_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
# Optional trailing time, as produced by many spreadsheet/text exports.
_TIME_SUFFIX_RE = re.compile(r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$")
_SERIAL_STR_RE = re.compile(r"\d+(?:\.\d+)?")

_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_SERIAL_MAX = 60000


def _date_error(value: object) -> DateParseError:
    return DateParseError(
        "date_format",
        _("无法识别的日期：%(value)s") % {"value": mask_numbers(str(value))},
    )


def _from_excel_serial(serial: float | Decimal, original: object) -> date:
    """Excel 1900 date system.

    Serial 60 is Excel's fictitious 1900-02-29 and is rejected; serials below 60
    are shifted by one day to compensate for that bug; 61+ is the standard
    ``1899-12-30 + serial days``.  Fractional parts (time of day) are dropped.
    """
    if isinstance(serial, float) and not math.isfinite(serial):
        raise _date_error(original)
    days = math.floor(serial)
    if not 1 <= days <= _EXCEL_SERIAL_MAX or days == 60:
        raise _date_error(original)
    if days < 60:
        days += 1
    return _EXCEL_EPOCH + timedelta(days=days)


def _build_date(y: str, m: str, d: str, original: object) -> date:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        raise DateParseError(
            "date_format",
            _("日期不存在：%(value)s") % {"value": mask_numbers(str(original))},
        ) from None


def parse_date_loose(value: object) -> date:
    """Parse the date formats seen in forms and spreadsheet imports.

    Accepts ``date``/``datetime``; "1949-12-31", "1949/12/31", "1949.12.31",
    "1949年12月31日", "19491231" (also full-width, single-digit month/day, and an
    optional trailing time); Excel serial numbers 1..60000 as int/float/Decimal
    or numeric string.  Raises DateParseError(code="date_format") otherwise,
    including impossible calendar dates such as 2月30日.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise _date_error(value)
    if isinstance(value, int | float | Decimal):
        return _from_excel_serial(value, value)
    if not isinstance(value, str):
        raise _date_error(value)

    s = _normalize_code(value)
    if not s:
        raise _date_error(value)

    if m := _DATE_COMPACT_RE.fullmatch(s):
        return _build_date(*m.groups(), value)
    if _SERIAL_STR_RE.fullmatch(s):
        try:
            serial = Decimal(s)
        except InvalidOperation:  # pragma: no cover - regex guarantees validity
            raise _date_error(value) from None
        return _from_excel_serial(serial, value)

    s = _TIME_SUFFIX_RE.sub("", s).strip()
    if m := _DATE_SEP_RE.fullmatch(s):
        y, _sep, mo, d = m.groups()
        return _build_date(y, mo, d, value)
    if m := _DATE_ZH_RE.fullmatch(s):
        return _build_date(*m.groups(), value)
    raise _date_error(value)
