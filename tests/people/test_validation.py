"""Tests for sanwei.people.validation (pure Python, no database, no settings needed)."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from sanwei.people.validation import (
    DateParseError,
    IdInfo,
    IdNumberError,
    PhoneError,
    ValidationProblem,
    cross_check_id,
    id_check_digit,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    normalize_phone,
    normalize_text,
    parse_date_loose,
    parse_id_number,
)

TODAY = date(2024, 6, 1)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def reference_check_digit(first17: str) -> str:
    """Independent re-implementation used to build test fixtures."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


def make_id(region: str = "430102", birth: str = "19800115", seq: str = "123") -> str:
    first17 = region + birth + seq
    return first17 + reference_check_digit(first17)


def find_x_id(region: str = "430102", birth: str = "19800115") -> str:
    for n in range(1000):
        number = make_id(region, birth, f"{n:03d}")
        if number.endswith("X"):
            return number
    raise AssertionError("no X check digit found")  # pragma: no cover


def fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


# --------------------------------------------------------------------- text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  张三  ", "张三"),
        ("ＡＢＣ１２３", "ABC123"),
        ("（北京）", "(北京)"),
        ("张\u3000三", "张 三"),
        ("a \t\n b\u00a0\u00a0c", "a b c"),
        ("\u3000\u00a0x\u3000", "x"),
        ("\ufeff\u200bab", "ab"),
        ("", ""),
        # Not full-width ASCII: left alone (NFKC would have rewritten these).
        ("①²", "①²"),
    ],
)
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


# ------------------------------------------------------------------ ID card


def test_check_digit_matches_gb11643_example():
    # Example from GB 11643-1999 itself.
    assert id_check_digit("11010519491231002") == "X"
    assert id_check_digit("11010519491231002") == reference_check_digit("11010519491231002")


def test_check_digit_rejects_bad_input():
    with pytest.raises(ValueError):
        id_check_digit("1234")
    with pytest.raises(ValueError):
        id_check_digit("1101051949123100X")


def test_parse_valid_id():
    number = make_id("430102", "19800115", "123")
    info = parse_id_number(number, today=TODAY)
    assert info == IdInfo(
        number=number, birth_date=date(1980, 1, 15), gender="M", region_code="430102"
    )
    assert number[16] == "3"  # 17th digit odd -> male


def test_gender_derivation():
    male = parse_id_number(make_id(seq="001"), today=TODAY)
    female = parse_id_number(make_id(seq="002"), today=TODAY)
    assert male.gender == "M"
    assert female.gender == "F"
    for n in range(10):
        info = parse_id_number(make_id(seq=f"00{n}"), today=TODAY)
        assert info.gender == ("M" if n % 2 else "F")


def test_gb_example_parses():
    info = parse_id_number("11010519491231002X", today=TODAY)
    assert info.birth_date == date(1949, 12, 31)
    assert info.gender == "F"
    assert info.region_code == "110105"


def test_id_with_x_check_digit():
    number = find_x_id()
    assert number.endswith("X")
    info = parse_id_number(number, today=TODAY)
    assert info.number == number


def test_lowercase_x_accepted_and_uppercased():
    number = find_x_id()
    lower = number[:-1] + "x"
    assert normalize_id_number(lower) == number
    assert parse_id_number(lower, today=TODAY).number == number


def test_fullwidth_and_spaced_id():
    number = find_x_id()
    raw = " " + fullwidth(number[:6]) + "\u3000" + number[6:14] + " " + fullwidth(number[14:])
    raw = raw[:-1] + "ｘ"  # full-width lowercase x
    assert normalize_id_number(raw) == number
    assert parse_id_number(raw, today=TODAY).number == number


def test_wrong_check_digit():
    number = make_id()
    wrong = "0" if number[-1] != "0" else "1"
    with pytest.raises(IdNumberError) as exc:
        parse_id_number(number[:-1] + wrong, today=TODAY)
    assert exc.value.code == "id_check_digit"
    assert exc.value.message == "身份证号码校验位错误"
    assert str(exc.value) == "身份证号码校验位错误"
    assert isinstance(exc.value, ValidationProblem)


@pytest.mark.parametrize("birth", ["19800230", "19801301", "19800001", "18991231"])
def test_bad_birth_date(birth):
    with pytest.raises(IdNumberError) as exc:
        parse_id_number(make_id(birth=birth), today=TODAY)
    assert exc.value.code == "id_birth_date"


def test_future_birth_date():
    with pytest.raises(IdNumberError) as exc:
        parse_id_number(make_id(birth="20240602"), today=TODAY)
    assert exc.value.code == "id_birth_date"
    # Born today is fine.
    assert parse_id_number(make_id(birth="20240601"), today=TODAY).birth_date == TODAY


def test_default_today_rejects_far_future():
    with pytest.raises(IdNumberError) as exc:
        parse_id_number(make_id(birth="29991231"))
    assert exc.value.code == "id_birth_date"


def test_legacy_15_digit_rejected():
    with pytest.raises(IdNumberError) as exc:
        parse_id_number("430102800115123", today=TODAY)
    assert exc.value.code == "id_length"
    assert "18位" in exc.value.message


@pytest.mark.parametrize("raw", ["", "1234567890", "4301021980011512345"])
def test_wrong_length(raw):
    with pytest.raises(IdNumberError) as exc:
        parse_id_number(raw, today=TODAY)
    assert exc.value.code == "id_length"


@pytest.mark.parametrize("raw", ["43010219800115X123", "4301021980011512A4", "X30102198001151234"])
def test_bad_format(raw):
    with pytest.raises(IdNumberError) as exc:
        parse_id_number(raw, today=TODAY)
    assert exc.value.code == "id_format"


def test_id_info_is_frozen():
    info = parse_id_number(make_id(), today=TODAY)
    with pytest.raises(AttributeError):
        info.gender = "F"  # type: ignore[misc]


def test_mask_id_number():
    assert mask_id_number("43010219800115123X") == "430***************"
    assert mask_id_number("43010219800115123x") == "430***************"
    masked = mask_id_number(make_id())
    assert len(masked) == 18
    assert masked.count("*") == 15


def test_cross_check_id():
    info = parse_id_number(make_id(birth="19800115", seq="001"), today=TODAY)  # male
    assert cross_check_id(info) == []
    assert cross_check_id(info, birth_date=date(1980, 1, 15), gender="M") == []
    assert cross_check_id(info, birth_date=datetime(1980, 1, 15, 8, 0), gender="男") == []
    assert cross_check_id(info, gender="m") == []
    assert cross_check_id(info, gender="") == []

    problems = cross_check_id(info, birth_date=date(1980, 1, 16), gender="女")
    assert len(problems) == 2
    assert "出生日期" in problems[0] and "1980-01-16" in problems[0]
    assert "性别" in problems[1]

    with pytest.raises(ValueError):
        cross_check_id(info, gender="unknown")


# -------------------------------------------------------------------- phone


@pytest.mark.parametrize(
    "raw",
    [
        "13800000000",
        "+86 138-0000-0000",
        "+8613800000000",
        "0086 13800000000",
        "0086-138-0000-0000",
        "86-13800000000",
        "8613800000000",
        "(+86) 138 0000 0000",
        "（+86）138 0000 0000",
        "１３８００００００００",
        "＋８６　１３８－００００－００００",
        "138 0000 0000",
        "138\u20140000\u20140000",
        " 138-0000-0000\t",
        13800000000,
    ],
)
def test_normalize_phone_forms(raw):
    assert normalize_phone(raw) == "13800000000"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "1380000000",  # 10 digits
        "138000000000",  # 12 digits
        "12800000000",  # second digit 2
        "23800000000",
        "010-12345678",  # landline
        "+1 13800000000",
        "138000000ab",
        "+8513800000000",
        True,
        None,
    ],
)
def test_normalize_phone_rejects(raw):
    with pytest.raises(PhoneError) as exc:
        normalize_phone(raw)
    assert exc.value.code == "phone_format"
    assert isinstance(exc.value, ValidationProblem)


def test_mask_phone():
    assert mask_phone("13800000000") == "138****0000"
    assert mask_phone("+86 139-1234-5678") == "139****5678"
    assert mask_phone(13912345678) == "139****5678"


# -------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "raw",
    [
        "1949-12-31",
        "1949/12/31",
        "1949.12.31",
        "1949年12月31日",
        "1949年12月31号",
        "1949 年 12 月 31 日",
        "19491231",
        "１９４９－１２－３１",
        "１９４９年１２月３１日",
        "１９４９１２３１",
        " 1949-12-31 ",
        "1949-12-31 00:00:00",
        "1949-12-31T08:30",
        date(1949, 12, 31),
        datetime(1949, 12, 31, 23, 59),
    ],
)
def test_parse_date_forms(raw):
    assert parse_date_loose(raw) == date(1949, 12, 31)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1949.1.5", date(1949, 1, 5)),
        ("1949-1-5", date(1949, 1, 5)),
        ("1949/01/5", date(1949, 1, 5)),
        ("1949年1月5日", date(1949, 1, 5)),
        ("2000-02-29", date(2000, 2, 29)),
    ],
)
def test_parse_date_single_digit(raw, expected):
    assert parse_date_loose(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # 1899-12-30 + 18264 days; matches Excel's DATE(1950,1,1) = 18264.
        (18264, date(1950, 1, 1)),
        (18264.0, date(1950, 1, 1)),
        (18264.75, date(1950, 1, 1)),  # time-of-day fraction dropped
        (Decimal("18264"), date(1950, 1, 1)),
        ("18264", date(1950, 1, 1)),
        ("18264.0", date(1950, 1, 1)),
        ("１８２６４", date(1950, 1, 1)),
        (45292, date(2024, 1, 1)),
        (61, date(1900, 3, 1)),
        (59, date(1900, 2, 28)),  # before Excel's fictitious 1900-02-29
        (1, date(1900, 1, 1)),
        (60000, date(2064, 4, 8)),
    ],
)
def test_parse_date_excel_serial(raw, expected):
    assert parse_date_loose(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "hello",
        "1949-12",
        "49-12-31",
        "1949-12/31",  # mixed separators
        "1949-12-31-01",
        "1949年12月",
        0,
        60,  # Excel's 1900-02-29 does not exist
        60001,
        -5,
        "0",
        "60001",
        float("nan"),
        float("inf"),
        True,
        None,
        ["1949-12-31"],
    ],
)
def test_parse_date_unrecognised(raw):
    with pytest.raises(DateParseError) as exc:
        parse_date_loose(raw)
    assert exc.value.code == "date_format"
    assert isinstance(exc.value, ValidationProblem)


@pytest.mark.parametrize(
    "raw",
    ["2023-02-30", "2023年2月30日", "20230230", "2023.13.01", "2023/4/31", "1900-02-29"],
)
def test_parse_date_impossible(raw):
    with pytest.raises(DateParseError) as exc:
        parse_date_loose(raw)
    assert exc.value.code == "date_format"
    assert raw in exc.value.message


def test_date_error_message():
    with pytest.raises(DateParseError) as exc:
        parse_date_loose("hello")
    assert exc.value.message == "无法识别的日期：hello"
