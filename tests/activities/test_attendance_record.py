"""Recording attendance on the activity page: search, record, duplicate, scope."""

from decimal import Decimal

from django.urls import reverse

from sanwei.activities.models import Attendance
from sanwei.core.models import ActionLog

from ..factories import PersonFactory


def _add_url(activity):
    return reverse("activities:attendance_add", args=[activity.pk])


def test_person_search_finds_by_pinyin_and_phone_tail(login, secretary_a, activity_a, person_a):
    client = login(secretary_a)

    by_pinyin = client.get(_add_url(activity_a), {"q": "zhangxiu"}, headers={"HX-Request": "true"})
    by_phone = client.get(_add_url(activity_a), {"q": "5678"}, headers={"HX-Request": "true"})

    assert by_pinyin.status_code == 200
    assert [r["person"] for r in by_pinyin.context["results"]] == [person_a]
    assert "<html" not in by_pinyin.content.decode()  # htmx gets the results only
    assert "138****5678" in by_phone.content.decode()  # the phone is masked
    assert "13812345678" not in by_phone.content.decode()


def test_search_does_not_find_people_outside_the_scope(login, secretary_a, activity_a, person_b):
    response = login(secretary_a).get(_add_url(activity_a), {"q": "李建国"})

    assert response.status_code == 200
    assert response.context["results"] == []
    assert "没有找到该群众" in response.content.decode()


def test_attendance_is_recorded_with_a_plain_form_post(login, secretary_a, activity_a, person_a):
    client = login(secretary_a)
    response = client.post(
        _add_url(activity_a), {"person": person_a.pk, "role": "volunteer", "hours": "2.5"}
    )

    assert response.status_code == 302
    attendance = Attendance.unscoped.get(activity=activity_a, person=person_a)
    assert attendance.role == "volunteer"
    assert attendance.hours == Decimal("2.5")
    assert attendance.recorded_by == secretary_a
    assert attendance.recorded_via == "manual"
    log = ActionLog.objects.get(action_type="sanwei.attendance.recorded")
    assert "13812345678" not in str(log.data)
    page = client.get(response["Location"])
    assert "已登记：张秀英（志愿者）" in page.content.decode()


def test_attendance_is_recorded_through_htmx_and_the_count_updates(
    login, secretary_a, activity_a, person_a
):
    response = login(secretary_a).post(
        _add_url(activity_a),
        {"person": person_a.pk, "role": "audience", "hours": "0"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="attendance-section"' in body
    assert response.context["counts"].audience_person_times == 1
    assert "张秀英" in body


def test_duplicate_attendance_is_refused(login, secretary_a, activity_a, person_a):
    client = login(secretary_a)
    data = {"person": person_a.pk, "role": "audience", "hours": "0"}
    client.post(_add_url(activity_a), data)

    again = client.post(_add_url(activity_a), data, headers={"HX-Request": "true"})

    assert again.status_code == 200
    assert "该群众已登记为本活动的受众" in again.content.decode()
    assert Attendance.unscoped.filter(activity=activity_a).count() == 1


def test_same_person_may_attend_in_another_role(login, secretary_a, activity_a, person_a):
    client = login(secretary_a)
    client.post(_add_url(activity_a), {"person": person_a.pk, "role": "audience"})
    client.post(_add_url(activity_a), {"person": person_a.pk, "role": "lecturer", "hours": "1"})

    assert Attendance.unscoped.filter(activity=activity_a).count() == 2


def test_person_outside_the_scope_is_refused(login, secretary_a, activity_a, person_b):
    client = login(secretary_a)
    response = client.post(_add_url(activity_a), {"person": person_b.pk, "role": "audience"})

    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "所选群众不存在或不在您的管辖范围内" in page.content.decode()
    assert not Attendance.unscoped.exists()


def test_negative_hours_are_refused(login, secretary_a, activity_a, person_a):
    response = login(secretary_a).post(
        _add_url(activity_a),
        {"person": person_a.pk, "role": "volunteer", "hours": "-1"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "确保该值大于或等于0" in response.content.decode()
    assert not Attendance.unscoped.exists()


def test_town_admin_records_a_person_of_another_village(tree, login, town_admin, activity_a):
    visitor = PersonFactory(region=tree["village_b"], name="王芳")
    response = login(town_admin).post(
        _add_url(activity_a), {"person": visitor.pk, "role": "audience"}
    )

    assert response.status_code == 302
    assert Attendance.unscoped.filter(activity=activity_a, person=visitor).exists()


def test_standalone_search_page_works_without_javascript(login, secretary_a, activity_a, person_a):
    response = login(secretary_a).get(_add_url(activity_a), {"q": "张"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" in body
    assert f'name="person" value="{person_a.pk}"' in body
    assert "hx-post" not in body.split('id="person-results"')[1]
