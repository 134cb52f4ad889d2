"""The people API applies the pages' scope and permissions: 404 outside, 403 without rights."""

import pytest

from sanwei.people.models import Person

from ..factories import HouseholdFactory, PersonFactory


@pytest.fixture
def person(tree):
    return PersonFactory(name="张三", region=tree["village_a"])


@pytest.fixture
def household(tree):
    return HouseholdFactory(region=tree["village_a"])


def test_another_villages_person_answers_404(api_as, secretary_b, person):
    api = api_as(secretary_b)
    assert api.get(f"/api/v1/people/{person.pk}").status_code == 404
    assert api.patch(f"/api/v1/people/{person.pk}", {"notes": "x"}).status_code == 404
    assert api.delete(f"/api/v1/people/{person.pk}").status_code == 404
    assert Person.unscoped.filter(pk=person.pk, notes="").exists()


def test_another_villages_household_answers_404(api_as, secretary_b, household):
    api = api_as(secretary_b)
    assert api.get(f"/api/v1/people/households/{household.pk}").status_code == 404
    assert api.delete(f"/api/v1/people/households/{household.pk}").status_code == 404


def test_volunteer_answers_403_even_for_reading(api_as, volunteer_a, person):
    api = api_as(volunteer_a)
    response = api.get("/api/v1/people/")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert api.get(f"/api/v1/people/{person.pk}").status_code == 403
    assert api.get("/api/v1/people/households").status_code == 403


def test_county_viewer_reads_but_may_not_write(api_as, county_viewer, person, household):
    api = api_as(county_viewer)
    assert api.get("/api/v1/people/").status_code == 200
    assert api.get(f"/api/v1/people/{person.pk}").status_code == 200
    assert api.post("/api/v1/people/", {"name": "x", "region": "430821104201"}).status_code == 403
    assert api.patch(f"/api/v1/people/{person.pk}", {"notes": "x"}).status_code == 403
    assert api.delete(f"/api/v1/people/{person.pk}").status_code == 403
    assert api.post("/api/v1/people/households", {"region": "430821104201"}).status_code == 403
    assert api.delete(f"/api/v1/people/households/{household.pk}").status_code == 403
    assert Person.unscoped.count() == 1


def test_anonymous_answers_401(client, person):
    assert client.get("/api/v1/people/").status_code == 401
