"""Deleting a person: confirmed by POST, refused while attendance or memberships exist."""

import pytest
from django.urls import reverse

from sanwei.core.models import ActionLog
from sanwei.people.models import Person

from ..factories import AttendanceFactory, MembershipFactory, PersonFactory, TeamFactory


@pytest.fixture
def person(tree):
    return PersonFactory(name="张三", region=tree["village_a"])


def test_get_shows_a_confirmation_page(login, secretary_a, person):
    response = login(secretary_a).get(reverse("people:person_delete", args=[person.pk]))
    assert response.status_code == 200
    assert "确定删除“张三”" in response.content.decode()
    assert Person.unscoped.filter(pk=person.pk).exists()


def test_post_deletes_and_logs(login, secretary_a, person):
    response = login(secretary_a).post(reverse("people:person_delete", args=[person.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:person_list")
    assert not Person.unscoped.filter(pk=person.pk).exists()
    assert ActionLog.objects.filter(action_type="sanwei.person.deleted").count() == 1


def test_delete_is_refused_while_attendance_exists(login, secretary_a, person, tree):
    AttendanceFactory(person=person, activity__region=tree["village_a"])
    response = login(secretary_a).post(
        reverse("people:person_delete", args=[person.pk]), follow=True
    )
    assert response.status_code == 200
    assert "“张三”已有参与记录或队伍成员身份，不能删除" in response.content.decode()
    assert Person.unscoped.filter(pk=person.pk).exists()
    assert not ActionLog.objects.filter(action_type="sanwei.person.deleted").exists()


def test_delete_is_refused_while_a_membership_exists(login, secretary_a, person, tree):
    MembershipFactory(person=person, team=TeamFactory(region=tree["village_a"]))
    response = login(secretary_a).post(reverse("people:person_delete", args=[person.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:person_detail", args=[person.pk])
    assert Person.unscoped.filter(pk=person.pk).exists()


def test_county_viewer_may_not_delete(login, county_viewer, person):
    client = login(county_viewer)
    assert client.get(reverse("people:person_delete", args=[person.pk])).status_code == 403
    assert client.post(reverse("people:person_delete", args=[person.pk])).status_code == 403
    assert Person.unscoped.filter(pk=person.pk).exists()


def test_secretary_of_another_village_gets_404(login, secretary_b, person):
    response = login(secretary_b).post(reverse("people:person_delete", args=[person.pk]))
    assert response.status_code == 404
    assert Person.unscoped.filter(pk=person.pk).exists()
