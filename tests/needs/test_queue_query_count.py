"""The needs work queue costs the same number of queries whatever the number of needs it
shows: each row's village, category, squad and volunteer come with the need (the page
read them one query each before: 200 queries for a page of 50)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sanwei.accounts.permissions import SYSTEM
from sanwei.needs import services
from sanwei.teams.models import Team, TeamKind

from ..factories import need_in_state, squad_volunteer


def add_needs(tree, n: int) -> None:
    """`n` needs dispatched to a volunteer and `n` to a squad, in two villages."""
    for i in range(n):
        village = tree["village_a"] if i % 2 else tree["village_b"]
        need_in_state("dispatched", region=village)
        squad = Team.unscoped.get(region=village, kind=TeamKind.SQUAD)
        services.dispatch(need_in_state("accepted", region=village), user=SYSTEM, team=squad)


def queue_queries(client, **query) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("needs:need_list"), query).status_code == 200
    return len(ctx.captured_queries)


def test_the_queue_reads_a_page_of_needs_in_a_fixed_number_of_queries(tree, town_admin, login):
    squad_volunteer(tree["village_a"])
    squad_volunteer(tree["village_b"])
    client = login(town_admin)
    add_needs(tree, 2)
    few = (queue_queries(client), queue_queries(client, state="dispatched"))

    add_needs(tree, 8)
    many = (queue_queries(client), queue_queries(client, state="dispatched"))

    assert many == few
