"""The API fuzzed with schemathesis against its own OpenAPI schema (issue 12, "Input").

Every operation of the live schema is one test, run in-process through Django's WSGI
handler as a town admin (Bearer token) of a factory-built town with one object of every
kind in village A (the permission matrix's `objects`). Each operation gets schemathesis'
coverage cases (boundary and invalid values, deterministic) and `FUZZ_EXAMPLES` generated
ones, derandomized so CI sees the same cases every run. Every answer must be:
no server error, a documented status code, the documented content type, and a body that
validates against the documented schema.

Cases whose path parameters were generated valid are sent to the real objects (an id drawn
at random would only ever reach a 404); invalid ones keep their generated values.
Each case runs in a savepoint that is rolled back, so one case's writes (a deletion, a
state change) never reach the next.

An operation that cannot be fuzzed would be listed in `NOT_FUZZED` with its reason and be
tested by hand elsewhere; there is none.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sanwei.accounts.tokens import create_token
from sanwei.api import api
from sanwei.teams.models import Membership

from ..accounts import test_permission_matrix as matrix

objects = matrix.objects  # one object of every kind, in village A

FUZZ_EXAMPLES = 10
"""Generated cases per operation, on top of the coverage cases."""
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
NOT_FUZZED: dict[str, str] = {}
"""Operations left out, "METHOD /api/v1/path" → why, and where they are tested instead."""
METHODS = {"get", "post", "put", "patch", "delete"}

OPENAPI = api.get_openapi_schema()
schema = schemathesis.openapi.from_dict(OPENAPI).exclude(
    func=lambda ctx: f"{ctx.operation.method.upper()} {ctx.operation.path}" in NOT_FUZZED
)


@pytest.fixture
def in_process():
    """Django's WSGI handler, called in this thread on the test's connection: the test
    client's way (no closing of the connection at the start and end of each request,
    which would end the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()  # built now: its middleware reads the test settings
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(town_admin) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(town_admin, 'fuzz')}"}


@pytest.fixture
def sent():
    """The cases sent for one operation; one at least, or the operation was not fuzzed."""
    cases: list[int] = []
    yield cases
    assert cases, "no case was sent"


def with_real_objects(case, objects: dict) -> None:
    """Valid path parameters point at the real objects (unless schemathesis made them
    invalid on purpose)."""
    component = case.meta.components.get(ParameterLocation.PATH) if case.meta else None
    if not case.path_parameters or (
        component is not None and component.mode is GenerationMode.NEGATIVE
    ):
        return
    for name in case.path_parameters:
        case.path_parameters[name] = objects[name]


@schema.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    # The fixtures (town, objects, token) are built once per operation on purpose: each
    # case rolls back its own writes.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_operation_answers_outside_its_schema(case, bearer, objects, in_process, sent):
    with_real_objects(case, objects)
    try:
        send(case, in_process, bearer)
    finally:
        sent.append(1)


def send(case, app: WSGIHandler, headers: dict[str, str]):
    """One case, checked, its writes rolled back."""
    with transaction.atomic():
        try:
            return case.call_and_validate(app=app, headers=headers, checks=CHECKS)
        finally:
            transaction.set_rollback(True)


def test_each_case_starts_from_the_same_data(bearer, objects, in_process):
    end = schema["/api/v1/teams/members/{membership_pk}"]["DELETE"]
    membership = objects["membership_pk"]

    first = send(end.Case(path_parameters={"membership_pk": membership}), in_process, bearer)
    again = send(end.Case(path_parameters={"membership_pk": membership}), in_process, bearer)

    assert (first.status_code, again.status_code) == (204, 204)
    assert Membership.unscoped.filter(pk=membership).exists()


def test_every_operation_of_the_schema_is_fuzzed():
    in_schema = {
        f"{method.upper()} {path}"
        for path, operations in OPENAPI["paths"].items()
        for method in operations
        if method in METHODS
    }
    fuzzed = {op.ok().label for op in schema.get_all_operations()}
    assert fuzzed == in_schema - set(NOT_FUZZED)
    assert set(NOT_FUZZED) <= in_schema  # no stale entry
    assert len(fuzzed) >= 152
