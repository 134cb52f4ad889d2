"""The write services of courtyard meetings, the opinion import and the public board
(seminar.meetings, seminar.opinion_import, seminar.board) refuse None, an anonymous user,
a volunteer, the county viewer and another village's secretary with nothing changed, and
let SYSTEM through — the contract of tests/accounts/test_write_services_refuse.py for
modules that are not named services.py."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.utils import timezone

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import Activity
from sanwei.core.errors import NotPermitted
from sanwei.seminar import board, meetings, opinion_import
from sanwei.seminar.models import MeetingHost, PublicBoard

from ..accounts.test_write_services_refuse import CALLERS, database_state
from ..factories import CampaignFactory, PersonFactory
from .conftest import make_meeting

CASES: dict[str, Callable] = {}


def case(name: str):
    def register(build):
        CASES[name] = build
        return build

    return register


def _meeting(tree):
    return make_meeting(tree["village_a"], CampaignFactory(region=tree["town"]))


@case("meetings.create_meeting")
def _(tree):
    start = timezone.now().replace(microsecond=0)
    activity = Activity(
        title="屋场会",
        region=tree["village_a"],
        campaign=CampaignFactory(region=tree["town"]),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    return lambda user: meetings.create_meeting(activity, user=user)


@case("meetings.meeting_for_activity")
def _(tree):
    meeting = _meeting(tree)
    activity = meeting.activity
    meeting.delete()
    return lambda user: meetings.meeting_for_activity(activity, user=user)


@case("meetings.add_host")
def _(tree):
    meeting = _meeting(tree)
    return lambda user: meetings.add_host(meeting, standing="deputy", name="覃国华", user=user)


@case("meetings.remove_host")
def _(tree):
    host = MeetingHost.unscoped.create(meeting=_meeting(tree), name="覃", standing="deputy")
    return lambda user: meetings.remove_host(host, user=user)


@case("meetings.close_meeting")
def _(tree):
    meeting = _meeting(tree)
    return lambda user: meetings.close_meeting(meeting, minutes="纪要", user=user)


@case("meetings.record_opinion")
def _(tree):
    meeting = _meeting(tree)
    return lambda user: meetings.record_opinion(
        meeting, text="路灯坏了", raised_by_name="赵大爷", user=user
    )


@case("opinion_import.preview_opinions")
def _(tree):
    upload = io.BytesIO("日期,村,提出人,意见内容\n2026-11-03,东岳观村,张,路灯坏了\n".encode())
    return lambda user: opinion_import.preview_opinions(
        upload, "a.csv", root=tree["town"], user=user
    )


@case("opinion_import.commit_opinions")
def _(tree):
    PersonFactory(region=tree["village_a"], name="张")
    upload = io.BytesIO("日期,村,提出人,意见内容\n2026-11-03,东岳观村,张,路灯坏了\n".encode())
    preview = opinion_import.preview_opinions(upload, "a.csv", root=tree["town"], user=SYSTEM)
    # the token names the user it was made for: SYSTEM's has none
    return lambda user: opinion_import.commit_opinions(preview.token, user=user)


@case("board.open_board")
def _(tree):
    return lambda user: board.open_board(tree["village_a"], user=user)


@case("board.renew_board_code")
def _(tree):
    public = PublicBoard.unscoped.create(region=tree["village_a"])
    return lambda user: board.renew_board_code(public, user=user)


@pytest.mark.parametrize("caller", sorted(CALLERS))
@pytest.mark.parametrize("service", sorted(CASES))
def test_a_meeting_service_refuses_a_caller_without_the_right(tree, service, caller):
    call = CASES[service](tree)
    user = CALLERS[caller](tree)
    before = database_state()

    with pytest.raises(NotPermitted) as refused:
        call(user)

    assert (refused.value.status, refused.value.code) == (403, "permission_denied")
    assert database_state() == before


@pytest.mark.parametrize("service", sorted(set(CASES) - {"opinion_import.preview_opinions"}))
def test_the_system_is_let_through(tree, service):
    call = CASES[service](tree)
    before = database_state()

    call(SYSTEM)

    assert database_state() != before
