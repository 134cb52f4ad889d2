"""Every record of the demo town is dated inside its story: no date or time of any of the
project's records (the action log aside: it is the audit trail of the build) lies after
the campaign's end (2023-03-31), so the demo reads the same whatever the real date."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Max
from django_scopes import scopes_disabled

from sanwei.demo.pillar_dates import story_models

CAMPAIGN_END = dt.date(2023, 3, 31)


def _latest(model, field) -> object:
    manager = getattr(model, "unscoped", model._default_manager)
    return manager.aggregate(latest=Max(field.name))["latest"]


def test_no_record_of_the_demo_is_dated_after_its_campaign(demo):
    late = []
    with scopes_disabled():
        for model in story_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, models.DateField):  # DateTimeField is one too
                    continue
                latest = _latest(model, field)
                if latest is None:
                    continue
                day = latest.date() if isinstance(latest, dt.datetime) else latest
                if isinstance(latest, dt.datetime):
                    day = latest.astimezone(dt.timezone(dt.timedelta(hours=8))).date()
                if day > CAMPAIGN_END:
                    late.append(f"{model._meta.label}.{field.name} {latest}")
    assert late == []
