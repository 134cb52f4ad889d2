"""Landlines as people write them, and cells holding two numbers: which is the mobile,
which the landline, and which text is neither."""

import pytest

from sanwei.people.validation import (
    PhoneError,
    PhoneNumbers,
    mask_landline,
    normalize_landline,
    parse_phone_numbers,
)


@pytest.mark.parametrize(
    "raw",
    ["0744-1234567", "07441234567", "(0744)1234567", "（０７４４）１２３４５６７", "0744 123 4567",
     "0744—1234567", "+86 744 1234567", 7441234567],
)  # fmt: skip
def test_a_landline_is_stored_as_area_code_hyphen_number(raw):
    assert normalize_landline(raw) == "0744-1234567"


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("010-12345678", "010-12345678"), ("02112345678", "021-12345678"),
     ("0731 88881234", "0731-88881234")],
)  # fmt: skip
def test_three_digit_area_codes_and_eight_digit_numbers(raw, stored):
    assert normalize_landline(raw) == stored


@pytest.mark.parametrize(
    "raw", ["1234567", "0744-123456", "0744-012345678", "0744-0234567", "13800001111", "0744-abc"]
)
def test_a_malformed_landline_is_refused(raw):
    with pytest.raises(PhoneError) as info:
        normalize_landline(raw)
    assert info.value.code == "landline_format"


def test_a_landline_is_masked_to_its_area_code_and_last_three_digits():
    assert mask_landline("0744-1234567") == "0744-****567"
    assert mask_landline("010-12345678") == "010-*****678"


@pytest.mark.parametrize(
    ("cell", "mobiles", "landlines"),
    [
        ("13800001111", ("13800001111",), ()),
        (13800001111, ("13800001111",), ()),
        ("07441234567", (), ("0744-1234567",)),
        ("(0744)1234567", (), ("0744-1234567",)),
        ("13800001111/0744-1234567", ("13800001111",), ("0744-1234567",)),
        ("0744-1234567/13800001111", ("13800001111",), ("0744-1234567",)),
        ("13800001111、0744-1234567", ("13800001111",), ("0744-1234567",)),
        ("13800001111，07441234567", ("13800001111",), ("0744-1234567",)),
        ("13800001111；0744-1234567", ("13800001111",), ("0744-1234567",)),
        ("13800001111 0744-1234567", ("13800001111",), ("0744-1234567",)),
        ("138 0000 1111 0744-1234567", ("13800001111",), ("0744-1234567",)),
        ("13800001111/13900002222", ("13800001111", "13900002222"), ()),
    ],
)
def test_the_numbers_of_a_cell_go_to_the_right_kind(cell, mobiles, landlines):
    assert parse_phone_numbers(cell) == PhoneNumbers(mobiles=mobiles, landlines=landlines)


def test_a_cell_with_a_part_that_is_no_number_is_refused_naming_it():
    with pytest.raises(PhoneError) as info:
        parse_phone_numbers("13800001111/12345")
    assert info.value.message == "其中“12345”既不是11位手机号码，也不是区号加固定电话号码"


def test_a_cell_that_is_no_number_at_all_is_refused():
    with pytest.raises(PhoneError) as info:
        parse_phone_numbers("无")
    assert info.value.message == "应为11位手机号码，或区号加固定电话号码（如0744-1234567）"
