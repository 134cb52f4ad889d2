"""The demo town's courtyard meetings: every 屋场会 has its record and hosts; the ones held
by the demo's today are closed with minutes and opinions, and the opinions are in every
state of the loop (some assigned ones past their due date); each village has a public
board, and the first village's shows no raiser's name."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count
from django_scopes import scopes_disabled

from sanwei.activities.models import Activity
from sanwei.demo.builder import DEMO_TODAY, FIRST_VILLAGE_CODE
from sanwei.seminar.models import (
    CourtyardMeeting,
    MeetingHost,
    Opinion,
    OpinionEvent,
    OpinionState,
    PublicBoard,
)

EVERY_STATE = {
    "received",
    "assigned",
    "answered",
    "adopted",
    "partly_adopted",
    "not_adopted",
    "closed",
}


def test_the_demo_has_opinions_in_every_state(demo):
    with scopes_disabled():
        states = set(Opinion.unscoped.values_list("state", flat=True))
        answered = Opinion.unscoped.exclude(state__in=["received", "assigned"])
        # the story's last step: an assigned opinion due before it is overdue
        last_step = OpinionEvent.unscoped.latest("at").at.date()
        assigned = Opinion.unscoped.filter(state=OpinionState.ASSIGNED)

        assert states == EVERY_STATE
        assert assigned.filter(due_on__lt=last_step).exists()
        assert assigned.filter(due_on__gt=last_step).exists()
        assert all(o.reply for o in answered)
        assert all(o.raised_on <= o.answered_at.date() <= last_step for o in answered)
        # every step is an event of the loop
        assert OpinionEvent.unscoped.filter(action="answer").count() == answered.count()
    assert demo.pillars["群众意见"] == Opinion.unscoped.count() >= 7


def test_every_courtyard_meeting_has_its_record_and_hosts(demo):
    with scopes_disabled():
        activities = Activity.unscoped.filter(activity_type__code="courtyard_meeting")
        meetings = CourtyardMeeting.unscoped.annotate(n_hosts=Count("hosts"))
        # those held by the demo's today (in a small demo: its first one) have opinions
        held = meetings.filter(opinions__isnull=False).distinct()

        assert meetings.count() == activities.count() >= 1
        assert all(m.n_hosts >= 1 for m in meetings)
        assert held.exists()
        assert all(m.activity.starts_at.date() <= DEMO_TODAY for m in held) or held.count() == 1
        assert all(m.closed_at and m.minutes and m.attendee_count for m in held)
        assert all(o.meeting_id for o in Opinion.unscoped.all())
        assert set(MeetingHost.unscoped.values_list("standing", flat=True)) <= {
            "village_cadre", "deputy", "old_party_member", "retired_cadre",
        }  # fmt: skip


def test_the_first_villages_board_shows_opinions_without_raisers(demo, client):
    with scopes_disabled():
        board = PublicBoard.unscoped.get(region__code=FIRST_VILLAGE_CODE)
        opinions = list(
            Opinion.unscoped.filter(region__path__startswith=board.region.path).select_related(
                "raised_by"
            )
        )
        assert PublicBoard.unscoped.count() == demo.villages

    page = client.get(f"/b/{board.code}").content.decode()

    assert client.get(f"/b/{board.code}").status_code == 200
    for opinion in opinions:
        assert opinion.text in page
        if opinion.raised_by:
            assert opinion.raised_by.name not in page


def test_the_secretary_sees_the_meetings_of_her_village(demo, client):
    client.force_login(get_user_model().objects.get(username="secretary"))

    response = client.get("/seminar/meetings/")

    assert response.status_code == 200
    assert "屋场会" in response.content.decode()
