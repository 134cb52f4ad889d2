"""Error messages that echo what was typed show an ID number or a mobile number only
through the masks (`core.logmask.mask_numbers`, the same masks as the pages): a cell
holding a full number in the wrong column never comes back in clear."""

from sanwei.people.validation import (
    DateParseError,
    PhoneError,
    parse_date_loose,
    parse_phone_numbers,
)

ID_NUMBER = "430821196102030140"


def test_an_id_number_in_a_date_cell_is_echoed_masked():
    try:
        parse_date_loose(ID_NUMBER)
    except DateParseError as e:
        message = e.message
    assert message == "无法识别的日期：430***************"


def test_a_mobile_number_inside_a_bad_phone_cell_is_echoed_masked():
    try:
        parse_phone_numbers("13800001234x/0744-1234567")
    except PhoneError as e:
        message = e.message
    assert message == "其中“138****1234x”既不是11位手机号码，也不是区号加固定电话号码"


def test_short_values_are_echoed_as_typed():
    try:
        parse_date_loose("hello 2023")
    except DateParseError as e:
        message = e.message
    assert message == "无法识别的日期：hello 2023"
