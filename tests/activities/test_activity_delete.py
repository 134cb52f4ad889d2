"""Deleting an activity: refused while it has sub-venues."""

from django.urls import reverse

from sanwei.activities.models import Activity, Attendance

from ..factories import ActivityFactory, AttendanceFactory


def test_activity_with_sub_venues_is_not_deleted(
    tree, town_admin, login, campaign, lecture_type, activity_a
):
    ActivityFactory(
        campaign=campaign,
        activity_type=lecture_type,
        region=tree["village_b"],
        main_session=activity_a,
    )
    client = login(town_admin)
    response = client.post(reverse("activities:activity_delete", args=[activity_a.pk]))

    assert response.status_code == 302
    assert Activity.unscoped.filter(pk=activity_a.pk).exists()
    page = client.get(response["Location"])
    assert "有1个分会场，不能删除" in page.content.decode()


def test_activity_is_deleted_with_its_attendance(tree, town_admin, login, activity_a, person_a):
    AttendanceFactory(activity=activity_a, person=person_a)
    client = login(town_admin)
    confirm = client.get(reverse("activities:activity_delete", args=[activity_a.pk]))
    assert confirm.status_code == 200

    response = client.post(reverse("activities:activity_delete", args=[activity_a.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("activities:activity_list")
    assert not Activity.unscoped.filter(pk=activity_a.pk).exists()
    assert not Attendance.unscoped.exists()


def test_edit_changes_the_activity(tree, secretary_a, login, campaign, lecture_type, activity_a):
    from .conftest import activity_post_data

    data = activity_post_data(
        tree,
        campaign,
        lecture_type,
        title="东岳观村流动宣讲（改期）",
        starts_at="2024-03-07T14:00",
        ends_at="2024-03-07T16:00",
    )
    response = login(secretary_a).post(
        reverse("activities:activity_edit", args=[activity_a.pk]), data
    )

    assert response.status_code == 302
    activity_a.refresh_from_db()
    assert activity_a.title == "东岳观村流动宣讲（改期）"
    assert activity_a.starts_at.hour == 6  # 14:00 Beijing time is 06:00 UTC
