"""A meeting's hosts (a resident of its village or a typed name, with their standing) and
its closing record (minutes; the attendee count defaults to the distinct persons recorded
plus the unnamed head count)."""

from sanwei.activities.models import Activity
from sanwei.seminar.models import CourtyardMeeting, MeetingHost

from ..factories import AttendanceFactory, PersonFactory


def _url(meeting_village, suffix=""):
    return f"/seminar/meetings/{meeting_village['meeting'].pk}/{suffix}"


def test_a_host_is_picked_from_the_villages_roster_with_a_standing(
    meeting_village, login, secretary_a
):
    person = meeting_village["people"]["张建国"]

    response = login(secretary_a).post(
        _url(meeting_village, "hosts/add/"), {"person": person.pk, "standing": "old_party_member"}
    )

    assert response.status_code == 302
    host = MeetingHost.unscoped.get(meeting=meeting_village["meeting"])
    assert (host.person, host.name, host.standing) == (person, "张建国", "old_party_member")
    page = login(secretary_a).get(_url(meeting_village)).content.decode()
    assert "张建国（老党员）" in page


def test_a_host_may_be_a_typed_name(meeting_village, login, secretary_a):
    login(secretary_a).post(
        _url(meeting_village, "hosts/add/"), {"name": "覃书记", "standing": "village_cadre"}
    )

    host = MeetingHost.unscoped.get(meeting=meeting_village["meeting"])
    assert (host.person, host.name, host.standing) == (None, "覃书记", "village_cadre")


def test_a_host_without_a_name_or_from_another_village_is_refused(
    meeting_village, login, secretary_a
):
    client = login(secretary_a)
    empty = client.post(_url(meeting_village, "hosts/add/"), {"standing": "deputy"})
    outsider = client.post(
        _url(meeting_village, "hosts/add/"),
        {"person": meeting_village["outsider"].pk, "standing": "deputy"},
    )

    assert empty.status_code == 400
    assert "请选择或填写主持人姓名" in empty.content.decode()
    assert outsider.status_code == 400
    assert not MeetingHost.unscoped.exists()


def test_a_host_is_removed(meeting_village, login, secretary_a):
    host = MeetingHost.unscoped.create(
        meeting=meeting_village["meeting"], name="覃书记", standing="village_cadre"
    )

    response = login(secretary_a).post(_url(meeting_village, "hosts/remove/"), {"host": host.pk})

    assert response.status_code == 302
    assert not MeetingHost.unscoped.exists()


def _attendance(meeting_village):
    """Three distinct persons recorded (one of them in two roles) and 12 unnamed."""
    activity = meeting_village["activity"]
    people = meeting_village["people"]
    AttendanceFactory(activity=activity, person=people["张建国"], role="audience")
    AttendanceFactory(activity=activity, person=people["张建国"], role="lecturer")
    AttendanceFactory(activity=activity, person=people["李桂兰"])
    AttendanceFactory(activity=activity, person=PersonFactory(region=meeting_village["village"]))
    Activity.unscoped.filter(pk=activity.pk).update(audience_headcount=12)


def test_the_closing_form_proposes_recorded_persons_plus_head_count(
    meeting_village, login, secretary_a
):
    _attendance(meeting_village)

    page = login(secretary_a).get(_url(meeting_village)).content.decode()

    assert 'name="attendee_count" value="15"' in page
    assert "默认参会人数 15：已登记 3 人 + 未登记姓名 12 人" in page


def test_closing_with_the_count_left_empty_stores_the_default(meeting_village, login, secretary_a):
    _attendance(meeting_village)

    response = login(secretary_a).post(
        _url(meeting_village, "close/"), {"minutes": "议定：修村口路灯。", "attendee_count": ""}
    )

    meeting = CourtyardMeeting.unscoped.get(pk=meeting_village["meeting"].pk)
    assert response.status_code == 302
    assert (meeting.attendee_count, meeting.minutes) == (15, "议定：修村口路灯。")
    assert meeting.closed_at is not None and meeting.closed_by == secretary_a


def test_closing_with_a_count_given_keeps_it_and_shows_the_minutes_escaped(
    meeting_village, login, secretary_a
):
    _attendance(meeting_village)
    client = login(secretary_a)

    client.post(
        _url(meeting_village, "close/"),
        {"minutes": "<script>alert(1)</script>议定三件事", "attendee_count": "40"},
    )

    meeting = CourtyardMeeting.unscoped.get(pk=meeting_village["meeting"].pk)
    assert meeting.attendee_count == 40
    page = client.get(_url(meeting_village)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;议定三件事" in page
    assert "<script>alert(1)</script>" not in page


def test_a_negative_count_is_a_form_error_and_nothing_is_closed(
    meeting_village, login, secretary_a
):
    response = login(secretary_a).post(
        _url(meeting_village, "close/"), {"minutes": "纪要", "attendee_count": "-3"}
    )

    assert response.status_code == 400
    assert CourtyardMeeting.unscoped.get(pk=meeting_village["meeting"].pk).closed_at is None


def test_the_meeting_page_links_to_roster_sign_in_sheet_and_qr_check_in(
    meeting_village, login, secretary_a
):
    activity = meeting_village["activity"]

    page = login(secretary_a).get(_url(meeting_village)).content.decode()

    for link in (
        f"/recording/activities/{activity.pk}/roster/",
        f"/recording/activities/{activity.pk}/sheet/import/",
        f"/recording/activities/{activity.pk}/sheet/",
        f"/checkin/activity/{activity.pk}/",
    ):
        assert link in page


def test_a_volunteer_may_not_close_a_meeting(meeting_village, login, volunteer_a):
    response = login(volunteer_a).post(_url(meeting_village, "close/"), {"minutes": "x"})

    assert response.status_code == 403
    assert CourtyardMeeting.unscoped.get(pk=meeting_village["meeting"].pk).closed_at is None
