"""No query per row: the number of queries of an export does not grow with its rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanwei.teams.models import TeamKind

from ..factories import AttendanceFactory, HouseholdFactory, MembershipFactory, PersonFactory
from .conftest import xlsx_rows


def _queries(export, user, identifier: str, method: str = "get", **fields) -> int:
    with CaptureQueriesContext(connection) as ctx:
        xlsx_rows(export(user, identifier, method=method, **fields))
    return len(ctx.captured_queries)


def _grow(roster, n: int = 12) -> None:
    squad = roster["squad_a"]
    assert squad.kind == TeamKind.SQUAD
    for i in range(n):
        household = HouseholdFactory(region=roster["group"], number=f"X{i:03d}")
        head = PersonFactory(
            name=f"户主{i}",
            region=roster["group"],
            household=household,
            relation_to_head="head",
            phone=f"1380000{i:04d}",
            party_status="formal",
        )
        PersonFactory(name=f"成员{i}", region=roster["group"], household=household)
        MembershipFactory(team=squad, person=head)
        AttendanceFactory(activity=roster["activity"], person=head)


@pytest.mark.parametrize("identifier", ["persons", "households", "party_members", "volunteers"])
def test_list_exports_do_not_query_per_row(town_admin, roster, export, identifier):
    _queries(export, town_admin, identifier, method="post", unmask="on")  # warm caches
    before = _queries(export, town_admin, identifier, method="post", unmask="on")
    _grow(roster)
    after = _queries(export, town_admin, identifier, method="post", unmask="on")
    assert after == before


def test_attendance_export_does_not_query_per_row(town_admin, roster, login):
    client = login(town_admin)
    url = f"/exports/activity/{roster['activity'].pk}/attendance/"

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            xlsx_rows(client.post(url, {"format": "xlsx", "unmask": "on"}))
        return len(ctx.captured_queries)

    count()  # warm caches
    before = count()
    _grow(roster)
    assert count() == before
