"""A 屋场会 is created on its own page: an activity of the courtyard_meeting type (written
by the activities' save_activity, every rule checked) and its meeting record."""

from sanwei.activities.models import Activity
from sanwei.seminar.models import CourtyardMeeting


def _form(meeting_village, **changes):
    data = {
        "title": "屋场会：说说产业路",
        "campaign": meeting_village["campaign"].pk,
        "region": meeting_village["village"].pk,
        "starts_at": "2026-11-20T19:00",
        "ends_at": "2026-11-20T21:00",
        "place": "王家屋场",
        "audience_headcount": "6",
    }
    return data | changes


def test_a_secretary_creates_a_meeting_as_a_courtyard_meeting_activity(
    meeting_village, login, secretary_a
):
    response = login(secretary_a).post("/seminar/meetings/new/", _form(meeting_village))

    meeting = CourtyardMeeting.unscoped.get(activity__title="屋场会：说说产业路")
    assert response.status_code == 302
    assert response["Location"] == f"/seminar/meetings/{meeting.pk}/"
    assert meeting.activity.activity_type.code == "courtyard_meeting"
    assert meeting.activity.region == meeting_village["village"]
    assert meeting.activity.audience_headcount == 6
    assert meeting.closed_at is None


def test_a_meeting_ending_before_it_starts_is_a_form_error_and_nothing_is_made(
    meeting_village, login, secretary_a
):
    before = Activity.unscoped.count()

    response = login(secretary_a).post(
        "/seminar/meetings/new/", _form(meeting_village, ends_at="2026-11-20T18:00")
    )

    assert response.status_code == 200
    assert "结束时间" in response.content.decode()
    assert Activity.unscoped.count() == before
    assert CourtyardMeeting.unscoped.count() == 1  # the fixture's


def test_a_meeting_in_another_village_is_refused_on_the_region_field(
    meeting_village, login, secretary_a, tree
):
    response = login(secretary_a).post(
        "/seminar/meetings/new/", _form(meeting_village, region=tree["village_b"].pk)
    )

    assert response.status_code == 200
    assert not CourtyardMeeting.unscoped.filter(activity__title="屋场会：说说产业路").exists()


def test_the_county_viewer_may_not_create_a_meeting(meeting_village, login, county_viewer):
    response = login(county_viewer).post("/seminar/meetings/new/", _form(meeting_village))

    assert response.status_code == 403
    assert not CourtyardMeeting.unscoped.filter(activity__title="屋场会：说说产业路").exists()


def test_a_courtyard_meeting_activity_made_on_the_activity_form_gets_its_meeting_record(
    meeting_village, login, secretary_a
):
    activity = meeting_village["activity"]
    CourtyardMeeting.unscoped.filter(activity=activity).delete()

    response = login(secretary_a).post(f"/seminar/meetings/from-activity/{activity.pk}/")

    meeting = CourtyardMeeting.unscoped.get(activity=activity)
    assert response.status_code == 302
    assert response["Location"] == f"/seminar/meetings/{meeting.pk}/"


def test_the_meeting_list_filters_by_closing_record(meeting_village, login, secretary_a):
    from django.utils import timezone

    from .conftest import make_meeting

    closed = make_meeting(
        meeting_village["village"], meeting_village["campaign"], title="屋场会：说说民生事"
    )
    CourtyardMeeting.unscoped.filter(pk=closed.pk).update(
        closed_at=timezone.now(), attendee_count=9
    )
    client = login(secretary_a)

    everything = client.get("/seminar/meetings/").content.decode()
    only_closed = client.get("/seminar/meetings/", {"closed": "yes"}).content.decode()
    only_open = client.get("/seminar/meetings/", {"closed": "no"}).content.decode()

    assert "说说村里事" in everything and "说说民生事" in everything
    assert "说说民生事" in only_closed and "说说村里事" not in only_closed
    assert "说说村里事" in only_open and "说说民生事" not in only_open


def test_the_activity_page_of_a_courtyard_meeting_links_to_its_meeting_page(
    meeting_village, login, secretary_a
):
    activity = meeting_village["activity"]
    client = login(secretary_a)

    linked = client.get(f"/activities/{activity.pk}/").content.decode()
    CourtyardMeeting.unscoped.filter(activity=activity).delete()
    unlinked = client.get(f"/activities/{activity.pk}/").content.decode()

    assert f"/seminar/meetings/{meeting_village['meeting'].pk}/" in linked
    assert f"/seminar/meetings/from-activity/{activity.pk}/" in unlinked


def test_the_import_button_is_shown_only_to_those_who_record_opinions(
    meeting_village, login, secretary_a, tree
):
    from sanwei.accounts.models import Role

    from ..factories import user_with_role

    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader")

    secretary_page = login(secretary_a).get("/seminar/meetings/").content.decode()
    leader_page = login(leader).get("/seminar/meetings/").content.decode()

    assert "/seminar/opinions/import/" in secretary_page
    assert "/seminar/opinions/import/" not in leader_page
    assert "/seminar/meetings/new/" in leader_page  # a leader organises activities
