"""The check-in window is set per activity, in the activity form and the API."""

from __future__ import annotations

import json

from sanwei.accounts.tokens import create_token
from sanwei.activities.forms import ActivityForm


def test_the_activity_form_offers_the_window_fields(secretary_a):
    form = ActivityForm(user=secretary_a)

    assert form.fields["checkin_opens_before"].initial == 60
    assert form.fields["checkin_closes_after"].initial == 120


def test_the_api_shows_and_changes_the_window(client, secretary_a, activity):
    token = create_token(secretary_a, "test")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    shown = client.get(f"/api/v1/activities/{activity.pk}", **headers).json()
    changed = client.patch(
        f"/api/v1/activities/{activity.pk}",
        data=json.dumps({"checkin_opens_before": 30, "checkin_closes_after": 0}),
        content_type="application/json",
        **headers,
    )

    assert (shown["checkin_opens_before"], shown["checkin_closes_after"]) == (60, 120)
    assert changed.status_code == 200
    activity.refresh_from_db()
    assert (activity.checkin_opens_before, activity.checkin_closes_after) == (30, 0)


def test_the_api_refuses_a_window_beyond_a_week(client, secretary_a, activity):
    token = create_token(secretary_a, "test")

    response = client.patch(
        f"/api/v1/activities/{activity.pk}",
        data=json.dumps({"checkin_opens_before": 7 * 24 * 60 + 1}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_the_form_keeps_the_window_when_the_fields_are_left_out(secretary_a, activity):
    from django.utils import timezone

    activity.checkin_opens_before = 15
    data = {
        "title": activity.title,
        "activity_type": activity.activity_type_id,
        "campaign": activity.campaign_id,
        "region": activity.region_id,
        "starts_at": timezone.localtime(activity.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(activity.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "mode": "offline",
        "audience_headcount": "0",
    }

    form = ActivityForm(data, instance=activity, user=secretary_a)

    assert form.is_valid(), form.errors
    assert (
        form.cleaned_data["checkin_opens_before"],
        form.cleaned_data["checkin_closes_after"],
    ) == (
        15,
        120,
    )
