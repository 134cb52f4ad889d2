"""Demo data of the Open311 endpoint: needs submitted through it (source "Open311 接口"),
as an app of the town would send them, so `/open311/v2/requests.xml` and the needs work
queue show where they came from. Registered by SYSTEM with a village's jurisdiction_id,
one placed by an address, one by a point; one is accepted. Both were sent the day before
the demo's today (`story.date_need`), so neither is past its time limit then."""

from __future__ import annotations

import datetime as dt

from sanwei.accounts.permissions import SYSTEM
from sanwei.needs import services as needs
from sanwei.needs.models import Need
from sanwei.open311 import services

from .pillars import DemoContext
from .story import aware, date_need

# (service_code, description, how the place is given)
REQUESTS: list[tuple[str, str, dict[str, str]]] = [
    ("env", "村道边的垃圾堆了好几天没人清运", {"address_string": "村部往北两百米的村道边"}),
    ("repair", "河边步道的护栏松了，小孩经过有危险", {"lat": "29.4318", "long": "110.9536"}),
]


def build(ctx: DemoContext) -> dict[str, int]:
    made = 0
    for n, (code, description, place) in enumerate(REQUESTS):
        village = ctx.villages[n % len(ctx.villages)]
        fields = {"service_code": code, "jurisdiction_id": village.code,
                  "description": description, **place}  # fmt: skip
        [created] = services.create_request(fields, user=SYSTEM)
        need = Need.unscoped.get(code=created["service_request_id"])
        if n == 0:
            needs.accept(need, user=SYSTEM)
        date_need(need, aware(ctx.today - dt.timedelta(days=1), 19 + n, 20))
        made += 1
    return {"Open311 提交的需求": made}
