"""The unregistered audience headcount and the counts on the activity page."""

from django.urls import reverse

from sanwei.activities.models import Activity

from ..factories import AttendanceFactory, PersonFactory


def test_audience_person_times_add_the_unregistered_headcount(
    tree, login, secretary_a, activity_a, person_a
):
    AttendanceFactory(activity=activity_a, person=person_a, role="audience")
    AttendanceFactory(activity=activity_a, person=PersonFactory(region=tree["village_a"]))
    AttendanceFactory(activity=activity_a, person=person_a, role="lecturer")
    client = login(secretary_a)

    response = client.post(
        reverse("activities:headcount_update", args=[activity_a.pk]), {"audience_headcount": 40}
    )

    assert response.status_code == 302
    assert Activity.unscoped.get(pk=activity_a.pk).audience_headcount == 40
    detail = client.get(reverse("activities:activity_detail", args=[activity_a.pk]))
    counts = detail.context["counts"]
    assert counts.audience_registered == 2
    assert counts.audience_person_times == 42
    assert counts.person_times == 43
    assert dict((v, n) for v, _label, n in counts.by_role)["lecturer"] == 1
    assert 'id="count-audience">42<' in detail.content.decode()


def test_negative_headcount_is_refused(login, secretary_a, activity_a):
    response = login(secretary_a).post(
        reverse("activities:headcount_update", args=[activity_a.pk]),
        {"audience_headcount": -5},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "确保该值大于或等于0" in response.content.decode()
    assert Activity.unscoped.get(pk=activity_a.pk).audience_headcount == 0


def test_volunteer_may_not_change_the_headcount(login, volunteer_a, activity_a):
    response = login(volunteer_a).post(
        reverse("activities:headcount_update", args=[activity_a.pk]), {"audience_headcount": 9}
    )

    assert response.status_code == 403
    assert Activity.unscoped.get(pk=activity_a.pk).audience_headcount == 0
