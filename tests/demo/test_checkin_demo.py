"""The demo town shows QR check-in at work: check-ins that matched nobody wait on the first
village's most recent mobile lecture (in the small test town, its most recent activity),
and its secretary sees them under 待确认签到."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_scopes import scopes_disabled

from sanwei.checkin.models import CheckinStatus, UnverifiedCheckin
from sanwei.demo.builder import FIRST_VILLAGE_CODE


def test_the_secretary_sees_pending_check_ins_of_a_recent_mobile_lecture(demo, client):
    with scopes_disabled():
        pending = list(UnverifiedCheckin.unscoped.select_related("activity__region"))
        assert len(pending) == 3
        assert {u.status for u in pending} == {CheckinStatus.PENDING}
        assert len({u.activity_id for u in pending}) == 1  # the most recent lecture
        assert {u.activity.region.code[:12] for u in pending} == {FIRST_VILLAGE_CODE}
    assert demo.pillars["待确认签到"] == 3

    client.force_login(get_user_model().objects.get(username="secretary"))
    response = client.get("/checkin/pending/")

    assert response.status_code == 200
    body = response.content.decode()
    assert all(u.name in body for u in pending)
    assert "待确认签到" in client.get("/").content.decode()


def test_the_other_villages_secretary_sees_none(demo, client):
    client.force_login(get_user_model().objects.get(username="secretary2"))

    response = client.get("/checkin/pending/")

    assert "暂无待确认的签到" in response.content.decode()
