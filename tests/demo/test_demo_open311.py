"""The demo town's needs submitted through Open311 appear in its public request list (for
the story's dates)."""

from __future__ import annotations

import json

from django_scopes import scopes_disabled

from sanwei.needs.models import Need


def test_the_demo_has_needs_submitted_through_open311(demo, client):
    assert demo.pillars["Open311 提交的需求"] == 2
    with scopes_disabled():
        submitted = list(Need.unscoped.filter(source="open311").order_by("pk"))
    assert [n.state for n in submitted] == ["accepted", "reported"]
    assert (
        submitted[0].description == "村道边的垃圾堆了好几天没人清运\n地点：村部往北两百米的村道边"
    )
    # Sent in the story (the day before 2023-01-10): the list's default is the last 90 days
    # of the real date, so ask for the story's.
    story = {"start_date": "2022-12-01T00:00:00+08:00", "end_date": "2023-01-31T00:00:00+08:00"}
    listed = json.loads(client.get("/open311/v2/requests.json", story).content)
    codes = {r["service_request_id"] for r in listed}
    assert {n.code for n in submitted} <= codes
