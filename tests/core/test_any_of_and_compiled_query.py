"""`field__any_of=[…]` (one array parameter on PostgreSQL, IN elsewhere) selects what
`__in` selects, also on foreign keys; `CompiledQuery` runs a queryset compiled once with
another value and converts the columns as the ORM does (Decimal sums on SQLite too)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from sanwei.activities.models import Attendance
from sanwei.core.db import CompiledQuery
from sanwei.people.models import Person

from ..factories import ActivityFactory, AttendanceFactory, PersonFactory


def test_any_of_selects_the_listed_ids_on_a_column_and_a_foreign_key(tree):
    people = [PersonFactory(region=tree["village_a"]) for _ in range(4)]
    activity = ActivityFactory(region=tree["village_a"])
    for person in people:
        AttendanceFactory(activity=activity, person=person)
    wanted = [people[0].pk, people[2].pk]

    by_pk = Person.unscoped.filter(pk__any_of=wanted)
    by_fk = Attendance.unscoped.filter(person_id__any_of=wanted)
    by_relation = Attendance.unscoped.filter(person__any_of=wanted)

    assert sorted(p.pk for p in by_pk) == sorted(wanted)
    assert sorted(a.person_id for a in by_fk) == sorted(wanted)
    assert sorted(a.person_id for a in by_relation) == sorted(wanted)
    assert Person.unscoped.filter(pk__any_of=[]).count() == 0


def test_any_of_sends_one_parameter_for_many_ids_on_postgresql(tree):
    ids = list(range(1, 2001))
    with CaptureQueriesContext(connection) as ctx:
        list(Person.unscoped.filter(pk__any_of=ids))
    sql = ctx.captured_queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql
    else:
        assert sql.count(",") >= 1999


def hours_of(person_id):
    return (
        Attendance.unscoped.filter(person_id=person_id)
        .order_by()
        .values("person_id")
        .annotate(total=Sum("hours"))
        .values_list("person_id", "total")
    )


def test_a_compiled_query_runs_again_with_another_value_and_converts_like_the_orm(tree):
    a, b = PersonFactory(region=tree["village_a"]), PersonFactory(region=tree["village_a"])
    for amount, person in (("1.5", a), ("2.5", a), ("0.1", b), ("0.2", b)):
        AttendanceFactory(activity=ActivityFactory(region=tree["village_a"]), person=person,
                          hours=amount)  # fmt: skip
    compiled = CompiledQuery(hours_of)

    assert compiled.rows(a.pk) == [(a.pk, Decimal("4.0"))]
    assert compiled.rows(b.pk) == [(b.pk, Decimal("0.3"))]
    assert compiled.rows(b.pk) == list(hours_of(b.pk))
    assert isinstance(compiled.rows(a.pk)[0][1], Decimal)
    assert compiled.rows(0) == []


def test_a_compiled_query_refuses_a_queryset_without_the_value_exactly_once(tree):
    twice = CompiledQuery(lambda pk: Person.unscoped.filter(pk=pk) | Person.unscoped.filter(pk=pk))
    never = CompiledQuery(lambda pk: Person.unscoped.filter(pk=1))

    for compiled in (twice, never):
        with pytest.raises(ValueError):
            compiled.rows(1)
