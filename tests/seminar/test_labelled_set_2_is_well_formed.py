"""The second labelled opinion set (opinions_labelled_2.tsv) is well formed: the header
and columns, at least 400 opinions in the ten category codes, no text twice, groups of two
or more that never straddle the halves, a test half of 30–50% holding every category, and
the split is the one scripts/split_labelled_opinions.py gives with its fixed seed."""

from __future__ import annotations

import importlib.util
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "sanwei" / "seminar" / "data" / "opinions_labelled_2.tsv"
CATEGORIES = {"roads", "water", "agri", "elder", "edu", "health", "env", "gov", "policy", "other"}


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return DATA.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def rows(lines) -> list[dict[str, str]]:
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def test_header_and_four_columns_on_every_line(lines):
    assert lines[0] == "split\tcategory\tgroup\ttext"
    bad = [number for number, line in enumerate(lines, start=1) if line.count("\t") != 3]
    assert bad == []


def test_at_least_400_opinions_of_8_to_60_characters(rows):
    assert len(rows) >= 400
    assert [row["text"] for row in rows if not 8 <= len(row["text"]) <= 60] == []


def test_split_and_category_take_only_known_values(rows):
    assert {row["split"] for row in rows} == {"train", "test"}
    assert {row["category"] for row in rows} == CATEGORIES


def test_no_text_appears_twice(rows):
    seen: dict[str, int] = defaultdict(int)
    for row in rows:
        seen[row["text"].strip()] += 1
    assert [text for text, count in seen.items() if count > 1] == []


def test_groups_have_two_or_more_members_of_one_category_in_one_half(rows):
    members: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        if row["group"]:
            members[row["group"]].append(row)
    assert len(members) >= 40
    assert [group for group, found in members.items() if len(found) < 2] == []
    assert [g for g, found in members.items() if len({r["split"] for r in found}) != 1] == []
    assert [g for g, found in members.items() if len({r["category"] for r in found}) != 1] == []


def test_test_half_holds_30_to_50_percent_and_every_category(rows):
    test_rows = [row for row in rows if row["split"] == "test"]
    assert 0.30 <= len(test_rows) / len(rows) <= 0.50
    assert {row["category"] for row in test_rows} == CATEGORIES
    assert {row["category"] for row in rows if row["split"] == "train"} == CATEGORIES


def test_split_is_the_one_the_script_gives_with_its_seed():
    spec = importlib.util.spec_from_file_location(
        "split_labelled_opinions", ROOT / "scripts" / "split_labelled_opinions.py"
    )
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.main([str(DATA), "--check"]) == 0
