"""POST /api/v1/people/{id}/reveal: one full field for a role with the reveal right on the
person's region, logged (who, whom, which field); 403 without the right, 404 outside the
scope, 400 for another field."""

import datetime as dt

import pytest

from sanwei.core.models import ActionLog

from ..factories import PersonFactory, make_id_number

NUMBER = make_id_number(birth=dt.date(1972, 8, 9))


@pytest.fixture
def person(tree):
    return PersonFactory(
        name="张三", region=tree["village_a"], id_number=NUMBER, phone="13811112222",
        birth_date=dt.date(1972, 8, 9),
    )  # fmt: skip


def url(person) -> str:
    return f"/api/v1/people/{person.pk}/reveal"


def test_secretary_reveals_the_phone_and_the_reveal_is_logged(api_as, secretary_a, person):
    response = api_as(secretary_a).post(url(person), {"field": "phone"})
    assert response.status_code == 200
    assert response.json() == {"field": "phone", "value": "13811112222"}
    assert "no-store" in response["Cache-Control"]
    log = ActionLog.objects.get(action_type="sanwei.person.sensitive_viewed")
    assert (log.user, log.object_id, log.data["fields"]) == (secretary_a, person.pk, ["phone"])
    assert "13811112222" not in str(log.data)


def test_town_admin_reveals_the_id_number(api_as, town_admin, person):
    response = api_as(town_admin).post(url(person), {"field": "id_number"})
    assert response.json() == {"field": "id_number", "value": NUMBER}


def test_the_person_get_still_gives_only_masks(api_as, secretary_a, person):
    body = api_as(secretary_a).get(f"/api/v1/people/{person.pk}").json()
    assert body["phone_masked"] == "138****2222"
    assert "13811112222" not in str(body)


def test_roles_without_the_right_are_refused_and_nothing_is_logged(
    api_as, county_viewer, volunteer_a, person
):
    assert api_as(county_viewer).post(url(person), {"field": "phone"}).status_code == 403
    assert api_as(volunteer_a).post(url(person), {"field": "phone"}).status_code == 403
    assert not ActionLog.objects.filter(action_type="sanwei.person.sensitive_viewed").exists()


def test_another_village_answers_404(api_as, secretary_b, person):
    assert api_as(secretary_b).post(url(person), {"field": "phone"}).status_code == 404


def test_another_field_is_refused(api_as, secretary_a, person):
    response = api_as(secretary_a).post(url(person), {"field": "notes"})
    assert response.status_code == 400
    assert not ActionLog.objects.filter(action_type="sanwei.person.sensitive_viewed").exists()
