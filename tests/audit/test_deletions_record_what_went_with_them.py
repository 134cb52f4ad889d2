"""A deletion's record keeps the values of what was deleted: the record itself, and the
records its deletion took along (CASCADE: an activity's attendances, a team's
memberships), personal values masked; a host removed from a meeting (logged on the
meeting) keeps the host's values; the admin's deletions do the same."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sanwei.activities import services as activities
from sanwei.activities.models import AttendanceRole, RecordedVia
from sanwei.core import audit
from sanwei.core.models import ActionLog
from sanwei.seminar import meetings
from sanwei.seminar.models import CourtyardMeeting
from sanwei.teams import services as teams

from ..factories import (
    ActivityFactory,
    CampaignFactory,
    PersonFactory,
    TeamFactory,
    UnverifiedCheckinFactory,
    default_activity_type,
)


def entry(action_type):
    return ActionLog.objects.get(action_type=action_type)


def test_a_deleted_activity_records_its_attendances_and_check_ins(tree, secretary_a):
    activity = ActivityFactory(
        campaign=CampaignFactory(region=tree["town"]), region=tree["village_a"], title="宣讲"
    )
    zhang = PersonFactory(name="张三", region=tree["village_a"])
    li = PersonFactory(name="李四", region=tree["village_a"])
    for person, role in ((zhang, AttendanceRole.AUDIENCE), (li, AttendanceRole.LECTURER)):
        activities.record_attendance(
            activity, person, role=role, via=RecordedVia.MANUAL, user=secretary_a
        )
    checkin = UnverifiedCheckinFactory(activity=activity, name="刘洋", phone="13712345678")

    activities.delete_activity(activity, user=secretary_a)

    data = entry("sanwei.activity.deleted").data
    assert data["deleted"]["title"] == "宣讲"
    attendances = data["also_deleted"]["activities.attendance"]
    assert attendances["count"] == 2
    assert sorted((r["person"], r["role"]) for r in attendances["records"]) == sorted(
        [(zhang.pk, "audience"), (li.pk, "lecturer")]
    )
    checkins = data["also_deleted"]["checkin.unverifiedcheckin"]
    assert checkins["count"] == 1
    assert checkins["records"][0]["id"] == checkin.pk
    assert (checkins["records"][0]["name"], checkins["records"][0]["phone"]) == (
        "刘洋",
        "137****5678",
    )
    assert "13712345678" not in str(data)


def test_a_deleted_team_records_its_memberships(tree, secretary_a):
    team = TeamFactory(region=tree["village_a"], name="宣讲队")
    person = PersonFactory(region=tree["village_a"])
    membership = teams.add_member(team, person, user=secretary_a)
    team_pk = team.pk

    teams.delete_team(team, user=secretary_a)

    memberships = entry("sanwei.team.deleted").data["also_deleted"]["teams.membership"]
    assert memberships["count"] == 1
    record = memberships["records"][0]
    assert (record["id"], record["team"], record["person"]) == (membership.pk, team_pk, person.pk)


def test_a_deletion_that_takes_nothing_along_records_no_also_deleted(tree, secretary_a):
    team = TeamFactory(region=tree["village_a"], name="宣讲队")

    teams.delete_team(team, user=secretary_a)

    assert "also_deleted" not in entry("sanwei.team.deleted").data


def test_the_list_of_cascaded_records_is_bounded_but_the_count_is_not(
    tree, secretary_a, monkeypatch
):
    monkeypatch.setattr(audit, "CASCADE_LIST_LIMIT", 2)
    activity = ActivityFactory(campaign=CampaignFactory(region=tree["town"]),
                               region=tree["village_a"])  # fmt: skip
    for n in range(3):
        UnverifiedCheckinFactory(activity=activity, name=f"刘{n}", phone=f"1371234567{n}")

    activities.delete_activity(activity, user=secretary_a)

    checkins = entry("sanwei.activity.deleted").data["also_deleted"]["checkin.unverifiedcheckin"]
    assert checkins["count"] == 3
    assert [r["name"] for r in checkins["records"]] == ["刘0", "刘1"]


def test_a_host_removed_from_a_meeting_keeps_the_hosts_values(tree, secretary_a):
    starts = timezone.now().replace(microsecond=0) - dt.timedelta(hours=1)
    activity = ActivityFactory(
        campaign=CampaignFactory(region=tree["town"]),
        region=tree["village_a"],
        activity_type=default_activity_type("courtyard_meeting"),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
    )
    meeting = CourtyardMeeting.unscoped.create(activity=activity)
    person = PersonFactory(name="覃国华", region=tree["village_a"])
    host = meetings.add_host(meeting, standing="deputy", person=person, user=secretary_a)

    meetings.remove_host(host, user=secretary_a)

    data = entry("sanwei.meeting.host_removed").data
    assert data["deleted"] == {
        "meeting": meeting.pk,
        "person": person.pk,
        "name": "覃国华",
        "standing": "deputy",
    }


def test_an_admin_deletion_records_what_went_with_it(client, django_user_model, tree):
    admin = django_user_model.objects.create_superuser("root", password="x" * 12)
    activity = ActivityFactory(campaign=CampaignFactory(region=tree["town"]),
                               region=tree["village_a"])  # fmt: skip
    UnverifiedCheckinFactory(activity=activity, name="刘洋", phone="13712345678")
    client.force_login(admin)

    response = client.post(
        "/admin/activities/activity/",
        {"action": "delete_selected", "_selected_action": [activity.pk], "post": "yes"},
    )

    assert response.status_code == 302
    data = entry("admin.deleted").data
    records = data["also_deleted"]["checkin.unverifiedcheckin"]["records"]
    assert [(r["name"], r["phone"]) for r in records] == [("刘洋", "137****5678")]
