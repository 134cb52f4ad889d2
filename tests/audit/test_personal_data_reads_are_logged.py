"""Reads of personal data are logged: a person's page and the API's one person, every
search of the roster (its text masked), and the reveal of the full ID number and phone."""

import pytest

from sanwei.accounts.tokens import create_token
from sanwei.core.models import ActionLog

from ..factories import PersonFactory


@pytest.fixture
def person(tree):
    return PersonFactory(name="张三", region=tree["village_a"], phone="13800001234")


def test_opening_a_persons_page_is_logged(client, secretary_a, person):
    client.force_login(secretary_a)

    response = client.get(f"/people/{person.pk}/", REMOTE_ADDR="192.0.2.8")

    assert response.status_code == 200
    entry = ActionLog.objects.get(action_type="sanwei.person.viewed")
    assert (entry.user, entry.object_id, entry.ip_address, entry.via) == (
        secretary_a,
        person.pk,
        "192.0.2.8",
        "session",
    )
    assert entry.region_path == person.region.path


def test_reading_one_person_through_the_api_is_logged_as_by_token(client, secretary_a, person):
    token = create_token(secretary_a, "tool")

    response = client.get(f"/api/v1/people/{person.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200
    entry = ActionLog.objects.get(action_type="sanwei.person.viewed")
    assert (entry.user, entry.object_id, entry.via) == (secretary_a, person.pk, "token")


def test_another_villages_person_is_a_404_and_nothing_is_logged(client, secretary_b, person):
    client.force_login(secretary_b)

    assert client.get(f"/people/{person.pk}/").status_code == 404
    assert not ActionLog.objects.filter(action_type="sanwei.person.viewed").exists()


def test_a_search_by_name_is_logged_with_its_text(client, secretary_a, person):
    client.force_login(secretary_a)

    client.get("/people/", {"q": "张三"})

    entry = ActionLog.objects.get(action_type="sanwei.person.searched")
    assert (entry.user, entry.data, entry.region_path) == (
        secretary_a,
        {"query": "张三"},
        person.region.path,  # the secretary's village
    )


def test_a_search_by_phone_digits_is_logged_masked(client, secretary_a, person):
    client.force_login(secretary_a)

    client.get("/api/v1/people/", {"q": "13800001234"})

    entry = ActionLog.objects.get(action_type="sanwei.person.searched")
    assert entry.data == {"query": "*******1234"}
    assert "138000" not in str(entry.data)


def test_a_plain_list_without_a_query_is_not_a_search(client, secretary_a, person):
    client.force_login(secretary_a)

    client.get("/people/")

    assert not ActionLog.objects.filter(action_type="sanwei.person.searched").exists()


def test_revealing_the_full_numbers_is_logged(client, secretary_a, person):
    client.force_login(secretary_a)

    response = client.post(f"/people/{person.pk}/sensitive/", {"field": "phone"})

    assert response.status_code == 200
    entry = ActionLog.objects.get(action_type="sanwei.person.sensitive_viewed")
    assert (entry.user, entry.object_id) == (secretary_a, person.pk)
    assert "13800001234" not in str(entry.data)
