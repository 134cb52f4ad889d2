"""A resident checks in on the public page with name and mobile number: matched to the
roster of the activity's region (by phone with the name, then by a unique name) the
attendance is recorded as audience via QR; otherwise an unverified check-in waits."""

from __future__ import annotations

from sanwei.activities.models import Attendance
from sanwei.checkin.models import CheckinStatus, UnverifiedCheckin
from sanwei.core.models import ActionLog

from ..factories import AttendanceFactory, PersonFactory


def _attendances(activity):
    return list(
        Attendance.unscoped.filter(activity=activity).values_list(
            "person__name", "role", "recorded_via", "recorded_by"
        )
    )


def test_matched_by_phone_and_name_is_recorded_as_audience_via_qr(client, activity, link, tree):
    PersonFactory(region=tree["village_a"], name="张秀英", phone="13812345678")

    response = client.post(link, {"name": "张秀英", "phone": "138 1234 5678"})

    assert response.status_code == 200
    assert "签到成功" in response.content.decode()
    assert _attendances(activity) == [("张秀英", "audience", "qr", None)]
    assert UnverifiedCheckin.unscoped.count() == 0


def test_a_shared_phone_picks_the_family_member_by_name(client, activity, link, tree):
    PersonFactory(region=tree["village_a"], name="李建国", phone="13987654321")
    PersonFactory(region=tree["village_a"], name="王桂兰", phone="13987654321")

    client.post(link, {"name": "王桂兰", "phone": "13987654321"})

    assert _attendances(activity) == [("王桂兰", "audience", "qr", None)]


def test_someone_typing_a_relatives_phone_is_matched_by_their_unique_name(
    client, activity, link, tree
):
    PersonFactory(region=tree["village_a"], name="李建国", phone="13987654321")
    PersonFactory(region=tree["village_a"], name="李小红", phone="")

    client.post(link, {"name": "李小红", "phone": "13987654321"})

    assert _attendances(activity) == [("李小红", "audience", "qr", None)]


def test_matched_by_a_unique_name_in_the_region(client, activity, link, tree):
    PersonFactory(region=tree["village_a"], name="赵德胜", phone="13700000001")

    response = client.post(link, {"name": "赵德胜", "phone": "13600000002"})

    assert "签到成功" in response.content.decode()
    assert _attendances(activity) == [("赵德胜", "audience", "qr", None)]


def test_a_name_in_another_village_does_not_match(client, activity, link, tree):
    PersonFactory(region=tree["village_b"], name="赵德胜", phone="13700000001")

    client.post(link, {"name": "赵德胜", "phone": "13700000001"})

    assert _attendances(activity) == []
    assert UnverifiedCheckin.unscoped.get().name == "赵德胜"


def test_an_ambiguous_name_becomes_an_unverified_check_in(client, activity, link, tree):
    PersonFactory(region=tree["village_a"], name="张伟", phone="13700000001")
    PersonFactory(region=tree["village_a"], name="张伟", phone="13700000002")

    response = client.post(link, {"name": "张伟", "phone": "13700000003"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "签到成功" in body  # the same page as a match: no roster oracle
    assert _attendances(activity) == []
    unverified = UnverifiedCheckin.unscoped.get()
    assert (unverified.activity, unverified.name, unverified.phone, unverified.status) == (
        activity,
        "张伟",
        "13700000003",
        CheckinStatus.PENDING,
    )


def test_nobody_on_the_roster_becomes_an_unverified_check_in_logged_without_personal_data(
    client, activity, link
):
    client.post(link, {"name": "陈外来", "phone": "13500000000"})

    unverified = UnverifiedCheckin.unscoped.get()
    log = ActionLog.objects.get(action_type="sanwei.checkin.unverified")
    assert log.object_id == unverified.pk
    assert log.data == {"activity": activity.code}


def test_checking_in_twice_keeps_one_attendance_and_says_already(client, activity, link, tree):
    PersonFactory(region=tree["village_a"], name="张秀英", phone="13812345678")

    first = client.post(link, {"name": "张秀英", "phone": "13812345678"})
    second = client.post(link, {"name": "张秀英", "phone": "13812345678"})

    assert "签到成功" in first.content.decode()
    assert "您已签到" in second.content.decode()
    assert len(_attendances(activity)) == 1


def test_someone_already_recorded_by_staff_is_told_they_are_checked_in(
    client, activity, link, tree
):
    person = PersonFactory(region=tree["village_a"], name="张秀英", phone="13812345678")
    AttendanceFactory(activity=activity, person=person)

    response = client.post(link, {"name": "张秀英", "phone": "13812345678"})

    assert "您已签到" in response.content.decode()
    assert Attendance.unscoped.filter(activity=activity).count() == 1


def test_an_unmatched_resident_checking_in_twice_is_one_unverified_entry(client, activity, link):
    first = client.post(link, {"name": "陈外来", "phone": "13500000000"})
    second = client.post(link, {"name": "陈外来", "phone": "13500000000"})

    assert "签到成功" in first.content.decode()
    assert "您已签到" in second.content.decode()
    assert UnverifiedCheckin.unscoped.count() == 1


def test_matched_and_unmatched_residents_see_the_same_page(client, activity, link, tree):
    PersonFactory(region=tree["village_a"], name="张秀英", phone="13812345678")

    matched = client.post(link, {"name": "张秀英", "phone": "13812345678"}).content.decode()
    unmatched = client.post(link, {"name": "陈外来", "phone": "13500000000"}).content.decode()

    def without_token(body):
        import re

        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)

    assert without_token(matched) == without_token(unmatched)


def test_a_malformed_mobile_number_is_a_form_error(client, activity, link, tree):
    PersonFactory(region=tree["village_a"], name="张秀英", phone="13812345678")

    for phone in ("1381234567", "23812345678", "138123456789", "电话"):
        response = client.post(link, {"name": "张秀英", "phone": phone})

        assert response.status_code == 400, phone
        assert "请填写11位手机号码（以1开头）" in response.content.decode()
    assert _attendances(activity) == []
    assert UnverifiedCheckin.unscoped.count() == 0


def test_a_missing_name_is_a_form_error(client, activity, link):
    response = client.post(link, {"name": "  ", "phone": "13812345678"})

    assert response.status_code == 400
    assert UnverifiedCheckin.unscoped.count() == 0
