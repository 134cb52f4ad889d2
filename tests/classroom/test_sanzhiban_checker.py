"""The 三句半 checker (classroom/sanzhiban.py) on well-formed and malformed scripts: each
error in Chinese with the line it is about."""

from __future__ import annotations

import pytest

from sanwei.classroom.sanzhiban import ScriptError, check_script, counted_chars

VALID = """《二十大精神进万家》

二十大精神放光芒，
乡亲们听了喜洋洋，
撸起袖子加油干，
真棒！

乡村振兴路宽广，
产业兴旺有希望，
家家户户奔小康，
妙！
"""


def messages(errors: list[ScriptError]) -> list[str]:
    return [str(e) for e in errors]


def test_a_two_stanza_script_with_a_title_and_four_performers_has_no_error():
    assert check_script(VALID, performer_count=4) == []


def test_speakers_and_punctuation_are_not_counted():
    assert counted_chars("丁：真 棒！") == 2
    assert counted_chars("二十大精神放光芒，") == 8
    text = "甲：二十大精神放光芒，\n乙：乡亲们听了喜洋洋，\n丙：撸起袖子加油干，\n丁：真棒！"
    assert check_script(text) == []


def test_a_stanza_of_three_lines_is_reported_on_its_first_line():
    text = "二十大精神放光芒，\n乡亲们听了喜洋洋，\n真棒！\n\n乡村振兴路宽广，\n产业兴旺有希望，\n家家户户奔小康，\n妙！"
    assert messages(check_script(text)) == [
        "第1行：第1段有3行，每段应为4行（三句整句加一句短句），段与段之间空一行"
    ]


def test_a_stanza_of_five_lines_counts_from_the_line_after_the_blank():
    text = (
        "《标题》\n\n二十大精神放光芒，\n乡亲们听了喜洋洋，\n撸起袖子加油干，\n真棒！\n再来一句！"
    )
    assert messages(check_script(text)) == [
        "第3行：第1段有5行，每段应为4行（三句整句加一句短句），段与段之间空一行"
    ]


def test_a_short_full_line_names_its_line_and_length():
    text = "二十大精神放光芒，\n听了好，\n撸起袖子加油干，\n真棒！"
    assert messages(check_script(text)) == ["第2行：前三句应为整句（至少5个字），此句只有3个字"]


def test_a_long_closing_phrase_names_its_line_and_length():
    text = "二十大精神放光芒，\n乡亲们听了喜洋洋，\n撸起袖子加油干，\n日子越过越红火！"
    assert messages(check_script(text)) == ["第4行：第四句应为1至4个字的短句（半句），此句有7个字"]


def test_the_closing_limit_is_configurable():
    text = "二十大精神放光芒，\n乡亲们听了喜洋洋，\n撸起袖子加油干，\n越过越红火！"
    assert check_script(text, closing_max_chars=5) == []
    assert messages(check_script(text, closing_max_chars=2)) == [
        "第4行：第四句应为1至2个字的短句（半句），此句有5个字"
    ]


def test_a_closing_phrase_of_punctuation_only_has_no_words():
    text = "二十大精神放光芒，\n乡亲们听了喜洋洋，\n撸起袖子加油干，\n！！"
    assert messages(check_script(text)) == ["第4行：第四句（半句）没有文字"]


def test_errors_come_in_line_order_across_stanzas_and_the_performers_last():
    text = (
        "《好》\n"  # 1
        "\n"  # 2
        "二十大精神放光芒，\n"  # 3
        "很好，\n"  # 4
        "撸起袖子加油干，\n"  # 5
        "日子越过越红火！\n"  # 6
        "\n"  # 7
        "\n"  # 8
        "乡村振兴路宽广，\n"  # 9
        "妙！\n"  # 10
    )
    assert messages(check_script(text, performer_count=3)) == [
        "第4行：前三句应为整句（至少5个字），此句只有2个字",
        "第6行：第四句应为1至4个字的短句（半句），此句有7个字",
        "第9行：第2段有2行，每段应为4行（三句整句加一句短句），段与段之间空一行",
        "三句半需要恰好4名表演者，现有3名",
    ]


def test_exactly_four_performers():
    text = "二十大精神放光芒，\n乡亲们听了喜洋洋，\n撸起袖子加油干，\n真棒！"
    assert check_script(text, performer_count=4) == []
    assert messages(check_script(text, performer_count=5)) == ["三句半需要恰好4名表演者，现有5名"]
    assert messages(check_script(text, performer_count=0)) == ["三句半需要恰好4名表演者，现有0名"]


def test_an_empty_script_or_a_title_alone_has_no_content():
    expected = ["剧本还没有内容：每段四行，前三句整句，第四句是短句"]
    assert messages(check_script("")) == expected
    assert messages(check_script("《只有标题》\n\n")) == expected


def test_a_title_is_only_allowed_at_the_top():
    text = "二十大精神放光芒，\n《标题》\n撸起袖子加油干，\n真棒！"
    assert messages(check_script(text)) == ["第2行：前三句应为整句（至少5个字），此句只有2个字"]


def test_windows_line_ends_keep_the_line_numbers():
    text = "二十大精神放光芒，\r\n乡亲们，\r\n撸起袖子加油干，\r\n真棒！"
    assert messages(check_script(text)) == ["第2行：前三句应为整句（至少5个字），此句只有3个字"]


@pytest.mark.parametrize("limit", [0, 9])
def test_a_closing_limit_outside_1_to_8_is_a_programming_error(limit):
    with pytest.raises(ValueError):
        check_script(VALID, closing_max_chars=limit)
