"""The person list: scope, filters, columns, pagination; volunteers may not see it."""

import datetime as dt

from django.urls import reverse

from sanwei.people.models import LecturerCategory, PartyStatus

from ..factories import HouseholdFactory, PersonFactory


def _names(response) -> set[str]:
    return {p.name for p in response.context["page_obj"].object_list}


def test_list_shows_only_people_in_the_users_scope(login, secretary_a, tree):
    PersonFactory(name="甲", region=tree["village_a"])
    PersonFactory(name="乙", region=tree["village_b"])
    PersonFactory(name="丙", region=tree["other_village"])
    response = login(secretary_a).get(reverse("people:person_list"))
    assert response.status_code == 200
    assert _names(response) == {"甲"}


def test_volunteer_gets_403_on_the_list(login, volunteer_a):
    assert login(volunteer_a).get(reverse("people:person_list")).status_code == 403


def test_region_filter_selects_a_village(login, town_admin, tree):
    PersonFactory(name="甲", region=tree["village_a"])
    PersonFactory(name="乙", region=tree["village_b"])
    client = login(town_admin)
    response = client.get(reverse("people:person_list"), {"region": tree["village_b"].code})
    assert _names(response) == {"乙"}
    choices = set(response.context["form"].fields["region"].queryset)
    assert choices == {tree["village_a"], tree["village_b"]}


def test_elderly_filter_uses_age_sixty_and_over(login, secretary_a, tree):
    today = dt.date.today()
    PersonFactory(name="老人", region=tree["village_a"], birth_date=dt.date(1950, 1, 1))
    PersonFactory(
        name="五十九岁", region=tree["village_a"], birth_date=dt.date(today.year - 59, 1, 1)
    )
    PersonFactory(name="青年", region=tree["village_a"], birth_date=dt.date(1995, 1, 1))
    response = login(secretary_a).get(reverse("people:person_list"), {"flag": "elderly"})
    assert _names(response) == {"老人"}


def test_flag_filters(login, secretary_a, tree):
    village = tree["village_a"]
    PersonFactory(name="体弱", region=village, is_frail=True, birth_date=dt.date(1990, 1, 1))
    PersonFactory(
        name="不便", region=village, is_mobility_impaired=True, birth_date=dt.date(1990, 1, 1)
    )
    PersonFactory(name="外出", region=village, is_migrant=True, birth_date=dt.date(1990, 1, 1))
    PersonFactory(name="常人", region=village, birth_date=dt.date(1990, 1, 1))
    client = login(secretary_a)
    url = reverse("people:person_list")
    assert _names(client.get(url, {"flag": "frail"})) == {"体弱"}
    assert _names(client.get(url, {"flag": "mobility_impaired"})) == {"不便"}
    assert _names(client.get(url, {"flag": "migrant"})) == {"外出"}
    assert _names(client.get(url, {"flag": "hard_to_reach"})) == {"体弱", "不便", "外出"}


def test_party_filter(login, secretary_a, tree):
    PersonFactory(name="党员", region=tree["village_a"], party_status=PartyStatus.FORMAL)
    PersonFactory(name="预备", region=tree["village_a"], party_status=PartyStatus.PROBATIONARY)
    PersonFactory(name="群众", region=tree["village_a"])
    client = login(secretary_a)
    url = reverse("people:person_list")
    assert _names(client.get(url, {"party": "1"})) == {"党员", "预备"}
    assert _names(client.get(url, {"party": "0"})) == {"群众"}


def test_lecturer_category_filter(login, secretary_a, tree):
    village = tree["village_a"]
    PersonFactory(name="田秀才", region=village, lecturer_category=LecturerCategory.FARMING_EXPERT)
    PersonFactory(name="夕阳红", region=village, lecturer_category=LecturerCategory.RETIREE)
    PersonFactory(name="普通", region=village)
    client = login(secretary_a)
    url = reverse("people:person_list")
    assert _names(client.get(url, {"lecturer": "farming_expert"})) == {"田秀才"}
    assert _names(client.get(url, {"lecturer": "any"})) == {"田秀才", "夕阳红"}


def test_invalid_filter_values_are_ignored(login, secretary_a, tree):
    PersonFactory(name="甲", region=tree["village_a"])
    response = login(secretary_a).get(
        reverse("people:person_list"), {"region": "999999", "flag": "nonsense", "party": "x"}
    )
    assert response.status_code == 200
    assert _names(response) == {"甲"}


def test_columns_show_masked_phone_household_party_and_badges(login, secretary_a, tree):
    household = HouseholdFactory(region=tree["village_a"])
    PersonFactory(
        name="户主甲",
        region=tree["village_a"],
        household=household,
        relation_to_head="head",
        phone="13800001234",
        party_status=PartyStatus.FORMAL,
        birth_date=dt.date(1950, 1, 1),
        is_migrant=True,
    )
    response = login(secretary_a).get(reverse("people:person_list"))
    content = response.content.decode()
    assert "138****1234" in content
    assert "13800001234" not in content
    assert "户主甲户" in content
    assert "正式党员" in content
    assert '<span class="badge">老年</span>' in content
    assert '<span class="badge">外出流动</span>' in content
    assert "东岳观村" in content


def test_list_is_paginated_by_fifty(login, secretary_a, tree):
    for i in range(51):
        PersonFactory(name=f"人{i:02d}", region=tree["village_a"])
    client = login(secretary_a)
    first = client.get(reverse("people:person_list"))
    assert len(first.context["page_obj"].object_list) == 50
    assert first.context["page_obj"].paginator.num_pages == 2
    second = client.get(reverse("people:person_list"), {"page": 2})
    assert len(second.context["page_obj"].object_list) == 1


def test_pagination_links_keep_the_filters(login, secretary_a, tree):
    for i in range(51):
        PersonFactory(name=f"人{i:02d}", region=tree["village_a"], is_frail=True)
    response = login(secretary_a).get(reverse("people:person_list"), {"flag": "frail"})
    assert "?flag=frail&amp;page=2" in response.content.decode()


def test_list_queries_do_not_grow_with_the_rows(
    login, secretary_a, tree, django_assert_max_num_queries
):
    for i in range(20):
        household = HouseholdFactory(region=tree["village_a"])
        PersonFactory(
            name=f"户主{i}", region=tree["village_a"], household=household, relation_to_head="head"
        )
    client = login(secretary_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("people:person_list"))
    assert len(response.context["page_obj"].object_list) == 20
