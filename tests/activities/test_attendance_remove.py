"""Removing an attendance record."""

from django.urls import reverse

from sanwei.activities.models import Attendance

from ..factories import AttendanceFactory


def test_attendance_is_removed(login, secretary_a, activity_a, person_a):
    attendance = AttendanceFactory(activity=activity_a, person=person_a)
    client = login(secretary_a)

    response = client.post(reverse("activities:attendance_delete", args=[attendance.pk]))

    assert response.status_code == 302
    assert not Attendance.unscoped.exists()
    page = client.get(response["Location"])
    assert "已移除：张秀英（受众）" in page.content.decode()


def test_attendance_is_removed_through_htmx(login, secretary_a, activity_a, person_a):
    attendance = AttendanceFactory(activity=activity_a, person=person_a)

    response = login(secretary_a).post(
        reverse("activities:attendance_delete", args=[attendance.pk]),
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.context["counts"].registered == 0
    assert not Attendance.unscoped.exists()


def test_removing_needs_a_post(login, secretary_a, activity_a, person_a):
    attendance = AttendanceFactory(activity=activity_a, person=person_a)

    response = login(secretary_a).get(reverse("activities:attendance_delete", args=[attendance.pk]))

    assert response.status_code == 405
    assert Attendance.unscoped.exists()
