"""The person form picks a household by searching its head, never from a list of thousands."""

import re

import pytest

from sanwei.people.models import Person

from ..factories import HouseholdFactory, PersonFactory

URL = "/people/households/pick/"


@pytest.fixture
def households(tree):
    """张秀英's household in village A, 张秀兰's in village B."""
    home_a = HouseholdFactory(region=tree["village_a"], number="A001")
    PersonFactory(
        region=tree["village_a"], household=home_a, name="张秀英", relation_to_head="head"
    )
    home_b = HouseholdFactory(region=tree["village_b"], number="B001")
    PersonFactory(
        region=tree["village_b"], household=home_b, name="张秀兰", relation_to_head="head"
    )
    return home_a, home_b


def _picked(response) -> list[str]:
    return re.findall(r'data-picker-value="(\d+)"', response.content.decode())


def test_the_picker_finds_a_household_by_its_heads_pinyin_within_scope(
    login, secretary_a, households
):
    home_a, _home_b = households

    response = login(secretary_a).get(URL, {"q": "zhangxiu"})

    assert response.status_code == 200
    assert _picked(response) == [str(home_a.pk)]
    assert "东岳观村 · 张秀英户" in response.content.decode()


def test_the_picker_finds_nothing_in_another_village(login, secretary_a, households):
    response = login(secretary_a).get(URL, {"q": "张秀兰"})

    assert response.status_code == 200
    assert _picked(response) == []
    assert "没有找到" in response.content.decode()


def test_the_picker_is_forbidden_to_those_who_cannot_register_people(
    login, county_viewer, households
):
    assert login(county_viewer).get(URL, {"q": "zhang"}).status_code == 403


def test_the_form_renders_the_picker_with_the_current_household_not_a_select(
    login, secretary_a, households
):
    home_a, _home_b = households

    response = login(secretary_a).get("/people/new/", {"household": home_a.pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<select name="household"' not in html
    assert f'name="household" value="{home_a.pk}"' in html
    assert 'value="东岳观村 · 张秀英户"' in html


def test_a_picked_household_is_saved(login, secretary_a, households, person_data):
    home_a, _home_b = households

    response = login(secretary_a).post("/people/new/", person_data(household=home_a.pk))

    assert response.status_code == 302
    assert Person.unscoped.get(name="张三").household == home_a


def test_a_household_of_another_village_is_refused(login, secretary_a, households, person_data):
    _home_a, home_b = households

    response = login(secretary_a).post("/people/new/", person_data(household=home_b.pk))

    assert response.status_code == 200
    assert "household" in response.context["form"].errors
    assert not Person.unscoped.filter(name="张三").exists()
