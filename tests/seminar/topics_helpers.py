"""Helpers of the topics tests (test_topics_*): opinions recorded through the service, so
each gets its suggestion the way a real one does."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sanwei.seminar.services import create_opinion


def raise_opinion(user, region, text, *, name="李大爷", person=None, days_ago=0):
    return create_opinion(
        user=user,
        region=region,
        text=text,
        raised_on=timezone.localdate() - dt.timedelta(days=days_ago),
        raised_by=person,
        raised_by_name="" if person else name,
    )
