"""The household list: scope, village filter, search by the head's name."""

from django.urls import reverse

from ..factories import HouseholdFactory, PersonFactory


def _household(region, head_name: str | None, **kwargs):
    household = HouseholdFactory(region=region, **kwargs)
    if head_name:
        PersonFactory(name=head_name, region=region, household=household, relation_to_head="head")
    return household


def _heads(response) -> set[str]:
    return {h.head.name if h.head else "" for h in response.context["page_obj"].object_list}


def test_list_shows_households_in_scope_only(login, town_admin, tree):
    _household(tree["village_a"], "张三")
    _household(tree["village_b"], "李四")
    _household(tree["other_village"], "王五")
    response = login(town_admin).get(reverse("people:household_list"))
    assert response.status_code == 200
    assert _heads(response) == {"张三", "李四"}


def test_filter_by_village(login, town_admin, tree):
    _household(tree["village_a"], "张三")
    _household(tree["village_b"], "李四")
    response = login(town_admin).get(
        reverse("people:household_list"), {"region": tree["village_b"].code}
    )
    assert _heads(response) == {"李四"}


def test_search_by_the_heads_name_pinyin_or_initials(login, town_admin, tree):
    household = _household(tree["village_a"], "张三")
    PersonFactory(
        name="李四", region=tree["village_a"], household=household, relation_to_head="child"
    )
    _household(tree["village_b"], "李四光")
    client = login(town_admin)
    url = reverse("people:household_list")
    assert _heads(client.get(url, {"q": "zhangsan"})) == {"张三"}
    assert _heads(client.get(url, {"q": "zs"})) == {"张三"}
    # only heads are searched: 李四 is a child in 张三's household
    assert _heads(client.get(url, {"q": "李四"})) == {"李四光"}


def test_member_count_and_head_are_shown(login, secretary_a, tree):
    household = _household(tree["village_a"], "张三", number="H-7")
    PersonFactory(region=tree["village_a"], household=household, relation_to_head="spouse")
    response = login(secretary_a).get(reverse("people:household_list"))
    [row] = response.context["page_obj"].object_list
    assert row.member_count == 2
    content = response.content.decode()
    assert "H-7" in content
    assert "张三" in content


def test_htmx_gets_the_table_only(login, secretary_a, tree):
    _household(tree["village_a"], "张三")
    response = login(secretary_a).get(
        reverse("people:household_list"),
        {"q": "zs"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="household-results",
    )
    assert "<html" not in response.content.decode()
    assert "张三" in response.content.decode()


def test_volunteer_gets_403(login, volunteer_a):
    assert login(volunteer_a).get(reverse("people:household_list")).status_code == 403


def test_list_queries_do_not_grow_with_the_rows(
    login, secretary_a, tree, django_assert_max_num_queries
):
    for i in range(20):
        _household(tree["village_a"], f"户主{i}")
    client = login(secretary_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("people:household_list"))
    assert len(response.context["page_obj"].object_list) == 20
