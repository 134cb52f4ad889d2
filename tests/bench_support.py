"""What the PostgreSQL checks of the benchmarks (`tests/*/test_*_bench_small.py`) share:
loading a benchmark script from `bench/`, and putting back the rows migrations seed."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from types import ModuleType

from sanwei.activities.defaults import DEFAULT_ACTIVITY_TYPES
from sanwei.needs.models import NeedCategory

from .factories import default_activity_type

BENCH_DIR = Path(__file__).resolve().parents[1] / "bench"


def load_bench(name: str) -> ModuleType:
    """The benchmark script `bench/<name>.py` as a module."""
    spec = importlib.util.spec_from_file_location(name, BENCH_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seeded_rows_again(*, need_categories: bool = True) -> None:
    """Activity types (and need categories) come from migrations; an earlier transactional
    test's flush removed them."""
    for kind in DEFAULT_ACTIVITY_TYPES:
        default_activity_type(kind["code"])
    if not need_categories:
        return
    categories = importlib.import_module("sanwei.needs.migrations.0002_default_categories")
    for order, (code, name, description) in enumerate(categories.DEFAULT_CATEGORIES):
        NeedCategory.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "sort_order": order}
        )
