"""Assign the train/test split of a labelled opinion set, reproducibly.

The labelled sets (``sanwei/seminar/data/opinions_labelled_2.tsv``) are tab-separated with
the header ``split	category	group	text``. This script rewrites the ``split`` column only:

- the unit of the split is a near-duplicate group (every member of a group goes to the
  same half) or a single opinion with an empty group;
- units are split per category (so every category is in both halves): the units of a
  category, in order of first appearance in the file, are shuffled with one
  ``random.Random(seed)`` (categories taken in sorted order) and the first
  ``round(share * n)`` of them go to ``test``, the rest to ``train``.

The same file, seed and share always give the same split. Run it after editing the set:

    python scripts/split_labelled_opinions.py                 # rewrite the file in place
    python scripts/split_labelled_opinions.py --check         # exit 1 if it would change

Defaults: the second set, seed 2026, test share 0.4.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

HEADER = ["split", "category", "group", "text"]
DEFAULT_PATH = (
    Path(__file__).resolve().parent.parent
    / "sanwei"
    / "seminar"
    / "data"
    / "opinions_labelled_2.tsv"
)


def read_rows(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].split("\t") != HEADER:
        raise SystemExit(f"{path}: the header must be {' / '.join(HEADER)}")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(HEADER):
            raise SystemExit(f"{path}:{number}: expected {len(HEADER)} tab-separated cells")
        rows.append(cells)
    return rows


def assign_split(rows: list[list[str]], seed: int, share: float) -> list[str]:
    """The split of each row, in row order."""
    unit_of_row: list[str] = []
    units_by_category: dict[str, list[str]] = {}
    category_of_unit: dict[str, str] = {}
    for index, (_split, category, group, _text) in enumerate(rows):
        unit = f"group:{group}" if group else f"row:{index}"
        unit_of_row.append(unit)
        if unit in category_of_unit:
            if category_of_unit[unit] != category:
                raise SystemExit(f"group {group} has more than one category")
            continue
        category_of_unit[unit] = category
        units_by_category.setdefault(category, []).append(unit)

    rng = random.Random(seed)
    split_of_unit: dict[str, str] = {}
    for category in sorted(units_by_category):
        units = list(units_by_category[category])
        rng.shuffle(units)
        n_test = round(share * len(units))
        for position, unit in enumerate(units):
            split_of_unit[unit] = "test" if position < n_test else "train"
    return [split_of_unit[unit] for unit in unit_of_row]


def render(rows: list[list[str]], splits: list[str]) -> str:
    lines = ["\t".join(HEADER)]
    for (_old, category, group, text), split in zip(rows, splits, strict=True):
        lines.append("\t".join([split, category, group, text]))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--share", type=float, default=0.4, help="share of units in test")
    parser.add_argument("--check", action="store_true", help="only check, do not write")
    args = parser.parse_args(argv)

    rows = read_rows(args.path)
    splits = assign_split(rows, args.seed, args.share)
    text = render(rows, splits)
    if args.check:
        if text != args.path.read_text(encoding="utf-8"):
            print(f"{args.path}: split differs from seed {args.seed}", file=sys.stderr)
            return 1
        return 0
    args.path.write_text(text, encoding="utf-8")
    n_test = splits.count("test")
    print(f"{args.path.name}: {len(rows)} rows, {n_test} test, {len(rows) - n_test} train")
    return 0


if __name__ == "__main__":
    sys.exit(main())
