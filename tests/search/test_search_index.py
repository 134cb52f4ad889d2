"""The searches are index lookups in the database, not scans in Python."""

from django.db import connection

from sanwei.people.models import Person
from sanwei.people.services import search_people


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return " ".join(str(row[-1]) for row in cursor.fetchall())
        # A test table is tiny, so the planner would rather scan it: forbid plain scans
        # (sequential and whole-index) so only an index that serves the condition is left.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return " ".join(row[0] for row in cursor.fetchall())


def test_phone_tail_search_uses_the_phone_tail_index(residents):
    plan = _plan(search_people(Person.unscoped.all(), "1234", user=None))
    assert "phone_tail" in plan.lower() or "phone_ta" in plan.lower(), plan


def test_name_search_is_one_query_in_the_database(residents, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert len(list(search_people(Person.unscoped.all(), "zsf", user=None))) == 1


def test_postgresql_uses_the_trigram_index(residents):
    if connection.vendor != "postgresql":
        return
    plan = _plan(search_people(Person.unscoped.all(), "zhangsan", user=None))
    assert "people_person_search_trgm" in plan, plan


def test_the_search_key_has_only_the_index_its_search_uses(residents):
    """PostgreSQL: the trigram index alone (a b-tree serves no `contains` and would cost
    every insert); SQLite: one plain index, which the search scans instead of the table."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "people_person")
    indexes = sorted(
        name for name, c in constraints.items() if c["index"] and c["columns"] == ["search_text"]
    )
    plan = _plan(search_people(Person.unscoped.all(), "zhangsan", user=None))
    if connection.vendor == "postgresql":
        assert indexes == ["people_person_search_trgm"]
    else:
        assert indexes == ["people_person_search_text_scan"]
        assert "people_person_search_text_scan" in plan, plan
