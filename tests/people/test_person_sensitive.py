"""Showing the unmasked ID number and phone: once, by POST, logged without the values."""

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
    )


def test_reveal_shows_the_full_values_and_logs_the_view(login, secretary_a, person):
    response = login(secretary_a).post(reverse("people:person_sensitive", args=[person.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert NUMBER in content
    assert "13800001234" in content
    assert "no-store" in response["Cache-Control"]
    log = ActionLog.objects.get(action_type="sanwei.person.sensitive_viewed")
    assert log.user == secretary_a
    assert log.object_id == person.pk
    assert log.region_path == person.region.path
    dumped = json.dumps(log.data, ensure_ascii=False)
    assert NUMBER not in dumped
    assert "13800001234" not in dumped


def test_the_detail_page_stays_masked_afterwards(login, secretary_a, person):
    client = login(secretary_a)
    client.post(reverse("people:person_sensitive", args=[person.pk]))
    content = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert NUMBER not in content


def test_county_viewer_may_not_reveal(login, county_viewer, person):
    response = login(county_viewer).post(reverse("people:person_sensitive", args=[person.pk]))
    assert response.status_code == 403
    assert NUMBER not in response.content.decode()
    assert not ActionLog.objects.filter(action_type="sanwei.person.sensitive_viewed").exists()


def test_reveal_needs_post(login, secretary_a, person):
    response = login(secretary_a).get(reverse("people:person_sensitive", args=[person.pk]))
    assert response.status_code == 405
    assert not ActionLog.objects.filter(action_type="sanwei.person.sensitive_viewed").exists()


def test_secretary_of_another_village_gets_404(login, secretary_b, person):
    response = login(secretary_b).post(reverse("people:person_sensitive", args=[person.pk]))
    assert response.status_code == 404
    assert not ActionLog.objects.filter(action_type="sanwei.person.sensitive_viewed").exists()
