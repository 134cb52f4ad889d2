"""Putting records that services stamp with the build's time back into the demo's story.

The needs loop's services stamp every step with now; the demo's story is the winter of
2022-23 (`DemoContext.today`, 2023-01-10). `date_need` moves one need, its steps, its
resolution and its rating to a registration time of the story, each step a set share of
the need's time limit after registration, as if it had been handled then."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sanwei.needs.models import Need, NeedEvent, NeedResolution
from sanwei.needs.services import time_limit

# When each step of the loop happens, as a share of the need's time limit after it was
# registered (a need resolved at 0.6 of its limit is resolved on time); later steps
# (rating, closing) a day or two after the resolution.
STEP_SHARE = {
    "register": 0.0,
    "accept": 0.05,
    "reject": 0.1,
    "refer": 0.1,
    "dispatch": 0.1,
    "take": 0.1,
    "start": 0.2,
    "resolve": 0.6,
}
AFTER_RESOLVED = {"rate": dt.timedelta(days=1), "close": dt.timedelta(days=2)}


def aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A local (Asia/Shanghai) time of a story day."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def date_need(need: Need, registered: dt.datetime) -> dt.datetime:
    """Move `need` and its steps to the story: registered at `registered`, each later step
    at its share of the time limit (`STEP_SHARE`). Returns the time of its last step."""
    need = Need.unscoped.get(pk=need.pk)  # as the services left it
    limit = time_limit(need.urgency)
    resolved = registered + limit * STEP_SHARE["resolve"]
    last = registered
    events = list(NeedEvent.unscoped.filter(need=need).order_by("at", "pk"))
    when: dict[str, dt.datetime] = {}
    for event in events:
        if event.action in STEP_SHARE:
            at = registered + limit * STEP_SHARE[event.action]
        elif event.action in AFTER_RESOLVED:
            at = resolved + AFTER_RESOLVED[event.action]
        else:
            at = last + dt.timedelta(hours=1)
        at = max(at, last)
        when[event.action] = last = at
        NeedEvent.unscoped.filter(pk=event.pk).update(at=at)
    fields: dict[str, object] = {"created_at": registered, "updated_at": last}
    if need.due_at is not None:
        fields["due_at"] = registered + limit
    dispatched = when.get("dispatch") or when.get("take")
    if need.dispatched_at is not None and dispatched is not None:
        fields["dispatched_at"] = dispatched
    if need.rated_at is not None and "rate" in when:
        fields["rated_at"] = when["rate"]
    Need.unscoped.filter(pk=need.pk).update(**fields)
    if "resolve" in when:
        NeedResolution.unscoped.filter(need=need).update(resolved_at=when["resolve"])
    return last
