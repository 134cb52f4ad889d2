"""Who may see and change activities: another village's is a 404, a volunteer gets 403."""

import pytest
from django.urls import reverse

from ..factories import AttendanceFactory
from .conftest import activity_post_data


@pytest.mark.parametrize(
    "name", ["activity_detail", "activity_edit", "activity_delete", "attendance_add"]
)
def test_another_villages_activity_is_404_for_a_secretary(login, secretary_a, activity_b, name):
    response = login(secretary_a).get(reverse(f"activities:{name}", args=[activity_b.pk]))

    assert response.status_code == 404


def test_another_villages_attendance_cannot_be_removed(login, secretary_a, activity_b, person_b):
    attendance = AttendanceFactory(activity=activity_b, person=person_b)
    response = login(secretary_a).post(
        reverse("activities:attendance_delete", args=[attendance.pk])
    )

    assert response.status_code == 404
    assert type(attendance).unscoped.filter(pk=attendance.pk).exists()


def test_volunteer_may_not_create_an_activity(tree, login, volunteer_a, campaign, courtyard_type):
    client = login(volunteer_a)
    assert client.get(reverse("activities:activity_create")).status_code == 403
    response = client.post(
        reverse("activities:activity_create"), activity_post_data(tree, campaign, courtyard_type)
    )

    assert response.status_code == 403


def test_volunteer_sees_but_may_not_edit_an_activity(login, volunteer_a, activity_a):
    client = login(volunteer_a)
    detail = client.get(reverse("activities:activity_detail", args=[activity_a.pk]))
    assert detail.status_code == 200
    assert reverse("activities:activity_edit", args=[activity_a.pk]) not in detail.content.decode()
    assert client.get(reverse("activities:activity_edit", args=[activity_a.pk])).status_code == 403
    assert client.get(reverse("activities:attendance_add", args=[activity_a.pk])).status_code == 403


def test_county_viewer_sees_every_village(login, county_viewer, activity_a, activity_b):
    response = login(county_viewer).get(reverse("activities:activity_list"))

    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 2


def test_anonymous_user_is_sent_to_the_login_page(client, activity_a):
    response = client.get(reverse("activities:activity_detail", args=[activity_a.pk]))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
