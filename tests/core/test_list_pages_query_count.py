"""List pages cost the same number of queries whatever the number of rows (no N+1)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import (
    ActivityFactory,
    AttendanceFactory,
    CampaignFactory,
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
    TeamFactory,
)

LIST_PAGES = [
    "/",
    "/people/",
    "/people/households/",
    "/activities/",
    "/activities/campaigns/",
    "/teams/",
    "/regions/",
    "/exports/",
    "/imports/",
]


def add_rows(village, campaign, n: int) -> None:
    for _ in range(n):
        household = HouseholdFactory(region=village)
        head = PersonFactory(region=village, household=household, relation_to_head="head")
        PersonFactory(region=village, household=household, relation_to_head="spouse")
        team = TeamFactory(region=village)
        MembershipFactory(team=team, person=head)
        activity = ActivityFactory(region=village, campaign=campaign, organising_team=team)
        AttendanceFactory(activity=activity, person=head)


def query_counts(client) -> dict[str, int]:
    counts = {}
    for url in LIST_PAGES:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        counts[url] = len(ctx.captured_queries)
    return counts


def test_list_pages_do_not_query_per_row(tree, town_admin, login):
    client = login(town_admin)
    campaign = CampaignFactory(region=tree["town"])
    add_rows(tree["village_a"], campaign, 2)
    few = query_counts(client)
    add_rows(tree["village_a"], campaign, 10)
    many = query_counts(client)
    assert many == few
