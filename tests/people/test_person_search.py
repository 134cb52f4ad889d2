"""Searching the person list: pinyin, initials, traditional characters, phone tail; htmx."""

import pytest
from django.urls import reverse

from ..factories import PersonFactory


@pytest.fixture
def people(tree):
    PersonFactory(name="张三丰", region=tree["village_a"], phone="13800001234")
    PersonFactory(name="李四", region=tree["village_a"], phone="13900005678")
    PersonFactory(name="张三", region=tree["other_village"], phone="13700001234")


def _search(client, query: str) -> set[str]:
    response = client.get(reverse("people:person_list"), {"q": query})
    assert response.status_code == 200
    return {p.name for p in response.context["page_obj"].object_list}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("张三", {"张三丰"}),
        ("zhangsanfeng", {"张三丰"}),
        ("ZhangSan", {"张三丰"}),
        ("zsf", {"张三丰"}),
        ("張三豐", {"张三丰"}),
        ("1234", {"张三丰"}),
        ("5678", {"李四"}),
        ("li si", {"李四"}),
        ("123", set()),
        ("wangwu", set()),
    ],
)
def test_search_through_the_list_page(login, secretary_a, people, query, expected):
    assert _search(login(secretary_a), query) == expected


def test_search_input_is_wired_for_live_results(login, secretary_a, people):
    content = login(secretary_a).get(reverse("people:person_list")).content.decode()
    assert 'hx-trigger="keyup changed delay:300ms, search"' in content
    assert 'hx-target="#person-results"' in content
    assert '<div id="person-results">' in content


def test_htmx_request_gets_only_the_results_table(login, secretary_a, people):
    response = login(secretary_a).get(
        reverse("people:person_list"),
        {"q": "zs"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="person-results",
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert '<table class="responsive">' in content
    assert "张三丰" in content
    assert "李四" not in content
    assert "HX-Request" in response["Vary"]


def test_plain_get_renders_the_whole_page(login, secretary_a, people):
    response = login(secretary_a).get(reverse("people:person_list"), {"q": "zs"})
    content = response.content.decode()
    assert "<html" in content
    assert 'value="zs"' in content
    assert "张三丰" in content
