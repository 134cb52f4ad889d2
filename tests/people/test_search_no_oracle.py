"""The people search is no oracle: a village secretary searching the ID number or phone of
a resident of another village gets exactly what a number registered nowhere gets (same
status, same empty list, same count), on the page and the API; the town admin, who may
see that village, finds the same resident by the same query (so the queries are real)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from ..factories import PersonFactory, make_id_number

ELSEWHERE_ID = make_id_number(birth=dt.date(1975, 3, 9))
NOWHERE_ID = make_id_number(birth=dt.date(1981, 7, 22))
ELSEWHERE_PHONE = "13912345678"
NOWHERE_PHONE = "13787654321"

QUERIES = [
    (ELSEWHERE_PHONE, NOWHERE_PHONE),  # the whole phone
    (ELSEWHERE_PHONE[-4:], NOWHERE_PHONE[-4:]),  # the tail the mask shows
    (ELSEWHERE_ID, NOWHERE_ID),  # the ID number
]


@pytest.fixture
def resident_of_village_b(tree):
    return PersonFactory(
        name="王建国", region=tree["village_b"], id_number=ELSEWHERE_ID, phone=ELSEWHERE_PHONE
    )


def _page(client, query: str) -> tuple[int, int, list[str], str]:
    response = client.get(reverse("people:person_list"), {"q": query})
    page = response.context["page_obj"]
    html = response.content.decode().replace(query, "QUERY")
    html = re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]*"', "", html)
    return (
        response.status_code,
        page.paginator.count,
        [p.name for p in page.object_list],
        html,
    )


def _api(api, path: str, query: str) -> tuple[int, dict]:
    response = api.get(path, {"q": query})
    return response.status_code, response.json()


@pytest.mark.parametrize(("elsewhere", "nowhere"), QUERIES)
def test_person_list_page_answers_a_number_of_another_village_as_one_registered_nowhere(
    login, secretary_a, resident_of_village_b, elsewhere, nowhere
):
    client = login(secretary_a)
    answer = _page(client, elsewhere)

    assert answer[:3] == (200, 0, [])
    assert answer == _page(client, nowhere)


@pytest.mark.parametrize(("elsewhere", "nowhere"), QUERIES)
@pytest.mark.parametrize("path", ["/api/v1/people/", "/api/v1/people/households"])
def test_api_search_answers_a_number_of_another_village_as_one_registered_nowhere(
    api_as, secretary_a, resident_of_village_b, elsewhere, nowhere, path
):
    api = api_as(secretary_a)
    answer = _api(api, path, elsewhere)

    assert answer[0] == 200
    assert answer[1]["count"] == 0
    assert answer[1]["items"] == []
    assert answer == _api(api, path, nowhere)


@pytest.mark.parametrize("query", [ELSEWHERE_PHONE, ELSEWHERE_PHONE[-4:]])
def test_town_admin_who_may_see_village_b_finds_the_resident_by_the_same_query(
    login, api_as, town_admin, resident_of_village_b, query
):
    assert _page(login(town_admin), query)[1:3] == (1, ["王建国"])
    status, body = _api(api_as(town_admin), "/api/v1/people/", query)
    assert (status, body["count"], [p["name"] for p in body["items"]]) == (200, 1, ["王建国"])
