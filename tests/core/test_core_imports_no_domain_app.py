"""Layers point down: nothing under sanwei/core imports a domain app, not even inside a
function (the module-level and the function-level imports are both read from the AST)."""

import ast
from pathlib import Path

import sanwei.core

DOMAIN_APPS = (
    "accounts",
    "activities",
    "demo",
    "exports",
    "households",
    "imports",
    "people",
    "regions",
    "reports",
    "teams",
)
CORE = Path(sanwei.core.__file__).parent


def imported_modules(source: str, package: str) -> set[str]:
    """Absolute names of every module `source` (a module of `package`) imports,
    relative imports resolved."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def domain_imports(source: str, package: str) -> list[str]:
    return sorted(
        name
        for name in imported_modules(source, package)
        if any(name == f"sanwei.{app}" or name.startswith(f"sanwei.{app}.") for app in DOMAIN_APPS)
    )


def test_no_module_under_core_imports_a_domain_app():
    modules = sorted(CORE.rglob("*.py"))
    assert len(modules) >= 10  # the walk really reads core
    found = {}
    for path in modules:
        package = ".".join(("sanwei", "core", *path.relative_to(CORE).parent.parts))
        if names := domain_imports(path.read_text(encoding="utf-8"), package):
            found[str(path.relative_to(CORE))] = names
    assert found == {}


def test_the_check_sees_function_level_and_relative_imports():
    found = domain_imports(PROBE, "sanwei.core.management.commands")
    assert found == ["sanwei.demo", "sanwei.demo.builder", "sanwei.people", "sanwei.people.models"]


PROBE = """
from sanwei.core.errors import ServiceError

def handle():
    from sanwei.demo import builder
    from ....people import models
"""
