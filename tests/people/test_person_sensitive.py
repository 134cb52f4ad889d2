"""Revealing one full personal field (ID number, phone, landline) on the person page: a
POST per field, for roles with the reveal right on the person's region, logged with who,
whom and which field, never the value."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from sanwei.core.models import ActionLog

from ..factories import PersonFactory, make_id_number

NUMBER = make_id_number(birth=dt.date(1960, 5, 1))


@pytest.fixture
def person(tree):
    return PersonFactory(
        name="张三",
        region=tree["village_a"],
        id_number=NUMBER,
        birth_date=dt.date(1960, 5, 1),
        phone="13800001234",
        landline="0744-7654321",
    )


def reveal(client, person, field):
    return client.post(reverse("people:person_sensitive", args=[person.pk]), {"field": field})


def test_revealing_the_phone_shows_it_alone_and_logs_who_whom_which(login, secretary_a, person):
    response = reveal(login(secretary_a), person, "phone")
    assert response.status_code == 200
    content = response.content.decode()
    assert "13800001234" in content
    assert NUMBER not in content  # the other fields stay masked
    assert "0744-7654321" not in content
    assert "no-store" in response["Cache-Control"]
    log = ActionLog.objects.get(action_type="sanwei.person.sensitive_viewed")
    assert (log.user, log.object_id) == (secretary_a, person.pk)
    assert log.data["fields"] == ["phone"]
    assert log.region_path == person.region.path
    dumped = json.dumps(log.data, ensure_ascii=False)
    assert "13800001234" not in dumped


def test_revealing_the_id_number_logs_that_field(login, secretary_a, person):
    content = reveal(login(secretary_a), person, "id_number").content.decode()
    assert NUMBER in content
    assert "13800001234" not in content
    log = ActionLog.objects.get(action_type="sanwei.person.sensitive_viewed")
    assert log.data["fields"] == ["id_number"]
    assert NUMBER not in json.dumps(log.data)


def test_the_page_offers_one_reveal_button_per_stored_field(login, secretary_a, person):
    content = login(secretary_a).get(reverse("people:person_detail", args=[person.pk]))
    html = content.content.decode()
    for field in ("id_number", "phone", "landline"):
        assert f'name="field" value="{field}"' in html
    assert NUMBER not in html and "13800001234" not in html


def test_the_detail_page_stays_masked_afterwards(login, secretary_a, person):
    client = login(secretary_a)
    reveal(client, person, "id_number")
    content = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert NUMBER not in content


def test_an_unknown_field_is_refused_and_not_logged(login, secretary_a, person):
    response = reveal(login(secretary_a), person, "notes")
    assert response.status_code == 400
    assert not ActionLog.objects.filter(action_type="sanwei.person.sensitive_viewed").exists()


def test_county_viewer_may_not_reveal_and_sees_no_button(login, county_viewer, person):
    client = login(county_viewer)
    response = reveal(client, person, "id_number")
    assert response.status_code == 403
    assert NUMBER not in response.content.decode()
    assert not ActionLog.objects.filter(action_type="sanwei.person.sensitive_viewed").exists()
    page = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert 'name="field"' not in page


def test_reveal_needs_post(login, secretary_a, person):
    response = login(secretary_a).get(reverse("people:person_sensitive", args=[person.pk]))
    assert response.status_code == 405
    assert not ActionLog.objects.filter(action_type="sanwei.person.sensitive_viewed").exists()


def test_secretary_of_another_village_gets_404(login, secretary_b, person):
    response = reveal(login(secretary_b), person, "phone")
    assert response.status_code == 404
    assert not ActionLog.objects.filter(action_type="sanwei.person.sensitive_viewed").exists()
