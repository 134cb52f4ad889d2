"""The meetings API: list (the page's FilterSet), detail, create, close (defaults), hosts,
an opinion at a meeting, and the board data (no personal data)."""

import json

from sanwei.accounts.permissions import SYSTEM
from sanwei.accounts.tokens import create_token
from sanwei.activities.models import Activity
from sanwei.seminar import services
from sanwei.seminar.models import CourtyardMeeting, MeetingHost, Opinion, PublicBoard

from ..factories import AttendanceFactory


def _api(client, user, method, path, body=None):
    token = create_token(user, "test")
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if body is not None:
        kwargs |= {"data": json.dumps(body), "content_type": "application/json"}
    return getattr(client, method)(f"/api/v1/seminar{path}", **kwargs)


def test_a_meeting_is_created_and_listed(meeting_village, client, secretary_a):
    body = {
        "title": "屋场会：说说产业路",
        "campaign_id": meeting_village["campaign"].pk,
        "region": meeting_village["village"].code,
        "starts_at": "2026-11-20T19:00:00",
        "ends_at": "2026-11-20T21:00:00",
        "place": "王家屋场",
        "audience_headcount": 4,
    }

    created = _api(client, secretary_a, "post", "/meetings", body)
    listed = _api(client, secretary_a, "get", "/meetings?q=产业路")

    assert created.status_code == 201
    data = created.json()
    assert (data["title"], data["region"], data["audience_headcount"]) == (
        "屋场会：说说产业路", "430821104201", 4,
    )  # fmt: skip
    assert data["starts_at"] == "2026-11-20T11:00:00Z"  # 19:00 Beijing time
    assert Activity.unscoped.get(pk=data["activity_id"]).activity_type.code == "courtyard_meeting"
    assert [m["title"] for m in listed.json()["items"]] == ["屋场会：说说产业路"]


def test_an_invalid_meeting_is_a_400_on_its_field(meeting_village, client, secretary_a):
    body = {
        "campaign_id": meeting_village["campaign"].pk,
        "region": meeting_village["village"].code,
        "starts_at": "2026-11-20T19:00:00",
        "ends_at": "2026-11-20T18:00:00",
    }

    response = _api(client, secretary_a, "post", "/meetings", body)

    assert response.status_code == 400
    assert response.json()["field"] == "ends_at"
    assert CourtyardMeeting.unscoped.count() == 1


def test_closing_without_a_count_takes_the_default(meeting_village, client, secretary_a):
    meeting = meeting_village["meeting"]
    AttendanceFactory(activity=meeting.activity, person=meeting_village["people"]["张建国"])
    AttendanceFactory(activity=meeting.activity, person=meeting_village["people"]["李桂兰"])
    Activity.unscoped.filter(pk=meeting.activity_id).update(audience_headcount=7)

    response = _api(
        client, secretary_a, "post", f"/meetings/{meeting.pk}/close", {"minutes": "议定两件事"}
    )

    data = response.json()
    assert response.status_code == 200
    assert (data["attendee_count"], data["default_attendee_count"], data["minutes"]) == (
        9, 9, "议定两件事",
    )  # fmt: skip
    assert data["closed_at"] is not None


def test_hosts_are_added_listed_and_removed(meeting_village, client, secretary_a):
    meeting = meeting_village["meeting"]
    person = meeting_village["people"]["王德福"]

    added = _api(
        client, secretary_a, "post", f"/meetings/{meeting.pk}/hosts",
        {"standing": "deputy", "person_id": person.pk},
    )  # fmt: skip
    listed = _api(client, secretary_a, "get", f"/meetings/{meeting.pk}/hosts")
    removed = _api(
        client, secretary_a, "delete", f"/meetings/{meeting.pk}/hosts/{added.json()['id']}"
    )

    assert added.status_code == 201
    assert listed.json() == [
        {
            "id": added.json()["id"],
            "person_id": person.pk,
            "name": "王德福",
            "standing": "deputy",
            "standing_display": "人大代表",
        }
    ]
    assert removed.status_code == 204
    assert not MeetingHost.unscoped.exists()


def test_an_opinion_is_recorded_at_a_meeting(meeting_village, client, secretary_a):
    meeting = meeting_village["meeting"]

    response = _api(
        client, secretary_a, "post", f"/meetings/{meeting.pk}/opinions",
        {"text": "村口的路灯坏了", "raised_by_name": "赵大爷"},
    )  # fmt: skip
    empty = _api(
        client, secretary_a, "post", f"/meetings/{meeting.pk}/opinions",
        {"text": "", "raised_by_name": "赵大爷"},
    )  # fmt: skip

    assert response.status_code == 201
    assert Opinion.unscoped.get(pk=response.json()["id"]).meeting == meeting
    assert empty.status_code == 400 and empty.json()["field"] == "text"


def test_the_board_data_has_no_personal_data(meeting_village, client, secretary_a):
    person = meeting_village["people"]["张建国"]
    services.create_opinion(
        user=SYSTEM, region=meeting_village["village"], text="路灯坏了",
        raised_on=meeting_village["activity"].starts_at.date(), raised_by=person,
    )  # fmt: skip
    board = PublicBoard.unscoped.create(region=meeting_village["village"])

    response = _api(client, secretary_a, "get", f"/boards/{meeting_village['village'].code}")

    data = response.json()
    assert response.status_code == 200
    assert data["public_url"] == f"http://testserver/b/{board.code}"
    assert [e["text"] for e in data["entries"]] == ["路灯坏了"]
    assert "张建国" not in response.content.decode()
    assert person.phone not in response.content.decode()


def test_another_villages_meeting_and_board_are_404(meeting_village, client, secretary_b):
    meeting = meeting_village["meeting"]

    assert _api(client, secretary_b, "get", f"/meetings/{meeting.pk}").status_code == 404
    assert (
        _api(client, secretary_b, "get", f"/boards/{meeting_village['village'].code}").status_code
        == 404
    )
