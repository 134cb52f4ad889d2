"""The toolkit's list pages: htmx live search gets only the results, a page past the end
shows the last page, a region filter takes a division code."""

from django.urls import reverse

from ..factories import PersonFactory


def test_htmx_live_search_gets_only_the_results_table(login, secretary_a, tree):
    PersonFactory(name="张三", region=tree["village_a"])
    PersonFactory(name="李四", region=tree["village_a"])
    response = login(secretary_a).get(
        reverse("people:person_list"),
        {"q": "zhangsan"},
        headers={"HX-Request": "true", "HX-Target": "person-results"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and "<form" not in body
    assert "张三" in body and "李四" not in body
    assert "HX-Target" in response["Vary"]


def test_htmx_aimed_elsewhere_gets_the_whole_page(login, secretary_a, tree):
    response = login(secretary_a).get(
        reverse("people:person_list"), headers={"HX-Request": "true", "HX-Target": "main"}
    )
    assert "<html" in response.content.decode()


def test_a_page_past_the_end_shows_the_last_page(login, secretary_a, tree):
    for n in range(51):
        PersonFactory(name=f"人{n:02d}", region=tree["village_a"])
    response = login(secretary_a).get(reverse("people:person_list"), {"page": "99"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert len(response.context["page_obj"].object_list) == 1


def test_a_non_numeric_page_shows_the_first_page(login, secretary_a, tree):
    PersonFactory(name="张三", region=tree["village_a"])
    response = login(secretary_a).get(reverse("people:person_list"), {"page": "x"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


def test_a_region_code_outside_the_scope_is_ignored_on_the_page(login, secretary_a, tree):
    PersonFactory(name="张三", region=tree["village_a"])
    response = login(secretary_a).get(
        reverse("people:person_list"), {"region": tree["village_b"].code}
    )
    assert response.status_code == 200
    assert [p.name for p in response.context["page_obj"]] == ["张三"]
