"""The region tree page: the user's subtree, indented, with residents and households."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import HouseholdFactory, PersonFactory, RegionFactory


def rows(response) -> dict[str, object]:
    return {r.name: r for r in response.context["regions"]}


def test_the_tree_counts_people_and_households_per_village(login, town_admin, tree, groups):
    for _ in range(3):
        PersonFactory(region=tree["village_a"])
    PersonFactory(region=groups[0])
    PersonFactory(region=tree["village_b"])
    PersonFactory(region=tree["other_village"])
    HouseholdFactory(region=tree["village_a"])
    HouseholdFactory(region=groups[1])
    response = login(town_admin).get("/regions/")
    assert response.status_code == 200
    by_name = rows(response)
    assert set(by_name) == {"东岳观镇", "东岳观村", "双岗村", "1组", "2组"}
    assert (by_name["东岳观村"].person_count, by_name["东岳观村"].household_count) == (4, 2)
    assert (by_name["1组"].person_count, by_name["2组"].household_count) == (1, 1)
    assert (by_name["双岗村"].person_count, by_name["双岗村"].household_count) == (1, 0)
    assert by_name["东岳观镇"].person_count == 5
    assert [r.depth for r in response.context["regions"]] == [0, 1, 2, 2, 1]


def test_the_tree_needs_three_queries_whatever_its_size(login, town_admin, tree):
    client = login(town_admin)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/regions/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(10):
        village = RegionFactory(code=f"430821104{300 + n}", name=f"新村{n}", parent=tree["town"])
        PersonFactory(region=village)
        HouseholdFactory(region=village)
    assert count() == before


def test_a_secretary_sees_only_the_village(login, secretary_b, tree):
    response = login(secretary_b).get("/regions/")
    assert set(rows(response)) == {"双岗村"}


def test_a_volunteer_sees_the_tree_without_resident_counts(login, volunteer_a, tree):
    PersonFactory(region=tree["village_a"])
    response = login(volunteer_a).get("/regions/")
    assert response.status_code == 200
    assert response.context["show_counts"] is False
    assert "群众" not in response.content.decode().split("<main>")[1]


def test_the_page_is_read_only(login, town_admin, tree):
    assert login(town_admin).post("/regions/").status_code == 405
