"""Search through the person list page and the API: same results, scoped."""

import pytest
from django.urls import reverse

from sanwei.accounts.tokens import create_token


def page_search(client, query: str) -> set[str]:
    response = client.get(reverse("people:person_list"), {"q": query})
    assert response.status_code == 200
    return {p.name for p in response.context["page_obj"].object_list}


def api_search(client, token: str, query: str) -> set[str]:
    response = client.get("/api/v1/people/", {"q": query}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    return {p["name"] for p in response.json()["items"]}


CASES = [
    ("zhangsan", {"张三", "张三丰"}),
    ("zsf", {"张三丰"}),
    ("zhangsf", {"张三丰"}),
    ("張三豐", {"张三丰"}),
    ("鎮", {"王镇"}),
    ("zgh", {"曾国华"}),
    ("shantianfang", {"单田芳"}),
    ("1234", {"张三"}),  # the other village's 张三 with the same phone is not in scope
    ("wangwu", set()),
]


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_person_list_page(login, secretary_a, residents, query, expected):
    assert page_search(login(secretary_a), query) == expected


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_people_api(client, secretary_a, residents, query, expected):
    token = create_token(secretary_a, "search")
    assert api_search(client, token, query) == expected


def test_town_admin_finds_both_villages_but_not_the_other_town(login, town_admin, residents):
    assert page_search(login(town_admin), "zhangsan") == {"张三", "张三丰"}
