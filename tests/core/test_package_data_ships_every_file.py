"""A built sanwei package carries every non-Python file the code reads: templates of every
app, static assets, translations, fixtures and the data files (the opinion classifier trains
on seminar/data/*.tsv at first use, so a wheel without them could not classify)."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "sanwei"


def _shipped_by_package_data() -> set[Path]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["sanwei"]
    shipped: set[Path] = set()
    for pattern in patterns:
        shipped |= {path for path in PACKAGE.glob(pattern) if path.is_file()}
    return shipped


def _non_python_files() -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    ]


def test_every_non_python_file_is_in_package_data():
    files = _non_python_files()
    shipped = _shipped_by_package_data()
    missing = sorted(str(path.relative_to(PACKAGE)) for path in files if path not in shipped)
    assert missing == []
    assert len(files) > 50


def test_app_templates_and_the_labelled_opinions_are_shipped():
    shipped = _shipped_by_package_data()
    assert PACKAGE / "core/templates/core/widgets/autocomplete.html" in shipped
    assert PACKAGE / "seminar/data/opinions_labelled.tsv" in shipped
    assert PACKAGE / "seminar/data/opinions_labelled_2.tsv" in shipped
