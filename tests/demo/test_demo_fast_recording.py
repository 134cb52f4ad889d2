"""The demo's activities lead to fast recording: the village secretary opens one of their
village's activities, follows 按花名册登记 to the village's roster, ticks people
and prints the pre-filled sign-in sheet with the village's residents."""

import io
import re

from django.http import HttpRequest
from django_scopes import scopes_disabled
from pypdf import PdfReader

from sanwei.activities.models import Activity, Attendance
from sanwei.demo.builder import DEMO_PASSWORD, FIRST_VILLAGE_CODE
from sanwei.people.models import Person


def test_a_demo_secretary_records_from_the_roster_and_prints_the_sheet(demo, client):
    with scopes_disabled():
        activity = (
            Activity.unscoped.filter(region__code=FIRST_VILLAGE_CODE, main_session__isnull=True)
            .order_by("starts_at")
            .first()
        )
        residents = set(
            Person.unscoped.filter(region__path__startswith=FIRST_VILLAGE_CODE).values_list(
                "name", flat=True
            )
        )
    assert activity is not None
    assert client.login(request=HttpRequest(), username="secretary", password=DEMO_PASSWORD)

    detail = client.get(f"/activities/{activity.pk}/").content.decode()
    roster_url = f"/recording/activities/{activity.pk}/roster/"
    assert roster_url in detail

    roster = client.get(roster_url)
    assert roster.status_code == 200
    shown = re.findall(r"<strong>([^<]+)</strong>", roster.content.decode())
    assert shown and set(shown) <= residents
    unticked = re.findall(r'name="person" value="(\d+)">', roster.content.decode())[:3]
    before = Attendance.unscoped.filter(activity=activity).count()
    client.post(roster_url, {"person": unticked, "role": "audience"})
    assert Attendance.unscoped.filter(activity=activity).count() == before + len(unticked)

    sheet = client.get(f"/recording/activities/{activity.pk}/sheet/download/?prefill=1")
    text = PdfReader(io.BytesIO(sheet.content)).pages[0].extract_text()
    assert activity.title in text
    assert shown[0] in text
