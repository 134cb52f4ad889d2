"""Only `sanwei/people/services.py` writes the derived person fields (the encrypted ID
number, its keyed hash, the search key): every other writer goes through
`prepare_person`. A walk over the source finds any other assignment."""

from __future__ import annotations

import ast
from pathlib import Path

import sanwei

DERIVED = {"id_number_encrypted", "id_number_hash", "search_text"}
ROOT = Path(sanwei.__file__).parent
ALLOWED = ROOT / "people" / "services.py"
# Query methods take these names as lookups (reads), not as values to store.
READS = {"filter", "exclude", "get", "values", "values_list", "order_by", "only", "defer"}


def derived_writes(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, field) of each place that stores a derived field: `x.field = …`,
    `x["field"] = …`, `{"field": …}` and `field=…` in a call that is not a query."""
    found = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and target.attr in DERIVED:
                found.append((node.lineno, target.attr))
            if (
                isinstance(target, ast.Subscript)
                and isinstance(target.slice, ast.Constant)
                and target.slice.value in DERIVED
            ):
                found.append((node.lineno, target.slice.value))
        if isinstance(node, ast.Dict):
            for key in node.keys:
                if isinstance(key, ast.Constant) and key.value in DERIVED:
                    found.append((key.lineno, key.value))
        if isinstance(node, ast.Call):
            method = node.func.attr if isinstance(node.func, ast.Attribute) else None
            if method in READS:
                continue
            for keyword in node.keywords:
                if keyword.arg in DERIVED:
                    found.append((keyword.value.lineno, keyword.arg))
    return found


def source_files() -> list[Path]:
    return [
        path
        for path in sorted(ROOT.rglob("*.py"))
        if "migrations" not in path.parts and path != ALLOWED
    ]


def test_no_module_but_people_services_writes_the_derived_person_fields():
    offenders = [
        f"{path.relative_to(ROOT.parent)}:{line} {field}"
        for path in source_files()
        for line, field in derived_writes(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == []


def test_the_walk_finds_each_way_of_writing_a_derived_field():
    source = """
person.search_text = key
values["id_number_encrypted"] = token
row = {"id_number_hash": digest}
Person(search_text=key)
Person.unscoped.filter(pk=1).update(id_number_hash=None)
Person.unscoped.filter(id_number_hash=digest)
"""
    assert derived_writes(ast.parse(source)) == [
        (2, "search_text"),
        (3, "id_number_encrypted"),
        (4, "id_number_hash"),
        (5, "search_text"),
        (6, "id_number_hash"),
    ]


def test_people_services_is_where_they_are_written():
    fields = {field for _line, field in derived_writes(ast.parse(ALLOWED.read_text("utf-8")))}
    assert fields == DERIVED
