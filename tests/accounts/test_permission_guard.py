"""The permission contract holds for every services module, present and future:

- a public service function that takes `user` never lets it default to something
  permissive (only "no default" or None, which every service refuses);
- each such function is either a write service listed in
  test_write_services_refuse.WRITE_SERVICES (so its refusal is proved) or one of the
  read-only helpers below.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import sanwei

from .test_write_services_refuse import WRITE_SERVICES

# Functions that take a user but write nothing: they answer what the user may see or use,
# or word a message for them (prepare_person only sets fields on an unsaved person for
# save_person, which checks).
READ_ONLY = {
    "activities.check_activity",
    "audit.visible_log",
    "audit.id_conflicts",
    "audit.conflict_side",
    "audit.may_reconcile",
    "activities.in_user_scope",
    "coverage.coverage_region",
    "coverage.home_coverage",
    "coverage.top_regions",
    "needs.suggest_candidates",
    "exports.user_region_scope",
    "imports.classify",
    "people.prepare_person",
    "people.duplicate_message",
    "people.may_identify",
    "people.person_regions",
    "people.search_households",
    "people.search_people",
    # These two write only an action-log record of a read (a page, a search).
    "people.log_person_viewed",
    "people.log_people_searched",
    "recording.preview_sheet",
    "recording.roster_people",
    "reports.figures_region",
    "regions.is_own_region",
    "regions.regions_with_permission",
}


def services_modules() -> list:
    found = []
    for app in pkgutil.iter_modules(sanwei.__path__):
        if app.ispkg and importlib.util.find_spec(f"sanwei.{app.name}.services"):
            found.append(importlib.import_module(f"sanwei.{app.name}.services"))
    return found


def functions_taking_user() -> dict[str, inspect.Parameter]:
    """`app.function` → its `user` parameter, for every public function defined in a
    services module."""
    found = {}
    for module in services_modules():
        app = module.__name__.split(".")[1]
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            parameter = inspect.signature(function).parameters.get("user")
            if parameter is not None:
                found[f"{app}.{name}"] = parameter
    return found


def test_the_walk_reads_every_services_module():
    names = {m.__name__ for m in services_modules()}
    assert {
        "sanwei.activities.services",
        "sanwei.exports.services",
        "sanwei.imports.services",
        "sanwei.people.services",
        "sanwei.regions.services",
        "sanwei.teams.services",
    } <= names


def test_no_service_lets_user_default_to_something_permissive():
    permissive = {
        name: parameter.default
        for name, parameter in functions_taking_user().items()
        if parameter.default is not inspect.Parameter.empty and parameter.default is not None
    }
    assert permissive == {}


def test_every_service_taking_a_user_is_a_listed_write_or_a_read():
    listed = {name.split(" ")[0] for name in WRITE_SERVICES} | READ_ONLY
    assert sorted(set(functions_taking_user()) - listed) == []
    assert sorted(listed - set(functions_taking_user())) == []
