"""The demo town's needs submitted through Open311 appear in its public request list."""

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
    listed = json.loads(client.get("/open311/v2/requests.json").content)
    codes = {r["service_request_id"] for r in listed}
    assert {n.code for n in submitted} <= codes
