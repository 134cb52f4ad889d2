"""The last pillar: every record the demo wrote carries a time of its story, not of the build.

Bulk inserts and the services stamp `created_at`-like fields with now; the story is the
campaign (2022-10-25 → 2023-03-31) seen on `ctx.today` (2023-01-10). The other pillars
date what their story is about (needs, opinions, sign-ups, …); this one dates the rest:

- the roster (households, residents), the campaign and the demo logins' roles: loaded
  before the campaign started; teams: formed the day after it started;
- activities: recorded when they ended, their attendance likewise, their service details
  with them;
- essays: submitted between the campaign's first month and today, reviewed a few days
  later, recommendations on their day;
- any other time the build stamped (a time after the campaign: materials, boards, topic
  groups, report jobs and when they finished, volunteer profiles, certificates, study
  series …): the story's today.

The action log (`core.ActionLog`) keeps the build's real time: it is the audit trail of
what the builder did."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import models
from django.db.models import F, OuterRef, Subquery

from sanwei.accounts.models import RoleAssignment
from sanwei.activities.models import Activity, Attendance, Campaign
from sanwei.people.models import Household, Person
from sanwei.study.models import Essay, Recommendation
from sanwei.teams.models import Team
from sanwei.volunteering.models import ServiceActivity

from .pillars import DemoContext
from .story import aware

# Models whose times are not the story's: the audit trail and Django's own bookkeeping.
NOT_STORY = {"core.actionlog"}


def story_models() -> list[type[models.Model]]:
    """The project's models (sanwei.*) whose rows are the demo's records."""
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("sanwei.") and m._meta.label_lower not in NOT_STORY
    ]


def _manager(model):
    return getattr(model, "unscoped", model._default_manager)


def _essays(ctx: DemoContext) -> None:
    first = ctx.campaign.starts_on + dt.timedelta(days=30)
    days = max(1, (ctx.today - first).days)
    for essay in Essay.unscoped.filter(campaign=ctx.campaign).order_by("pk"):
        submitted = aware(first + dt.timedelta(days=ctx.rng.randrange(days)), 20)
        fields = {"submitted_at": submitted}
        if essay.reviewed_at is not None:
            fields["reviewed_at"] = min(
                submitted + dt.timedelta(days=ctx.rng.randint(2, 6), hours=-4),
                aware(ctx.today, 16),
            )
        Essay.unscoped.filter(pk=essay.pk).update(**fields)
    for rec in Recommendation.unscoped.all():
        Recommendation.unscoped.filter(pk=rec.pk).update(created_at=aware(rec.recommended_on, 10))


def build(ctx: DemoContext) -> dict[str, int]:
    before = aware(ctx.campaign.starts_on - dt.timedelta(days=5), 9)
    for model in (Household, Person, RoleAssignment):
        _manager(model).update(created_at=before)
    Campaign.unscoped.filter(pk=ctx.campaign.pk).update(created_at=before)
    Team.unscoped.update(created_at=aware(ctx.campaign.starts_on + dt.timedelta(days=1), 9))
    activities = Activity.unscoped.filter(campaign=ctx.campaign)
    activities.update(created_at=F("ends_at"), updated_at=F("ends_at"))
    Attendance.unscoped.filter(activity__campaign=ctx.campaign).update(
        recorded_at=Subquery(Activity.unscoped.filter(pk=OuterRef("activity_id")).values("ends_at"))
    )
    ServiceActivity.unscoped.update(
        created_at=Subquery(
            Activity.unscoped.filter(pk=OuterRef("activity_id")).values("created_at")
        )
    )
    _essays(ctx)
    # Anything else stamped by the build (after the campaign): the story's today.
    after = aware(ctx.campaign.ends_on + dt.timedelta(days=1), 0)
    today = aware(ctx.today, 17)
    dated = 0
    for model in story_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateTimeField):
                dated += (
                    _manager(model).filter(**{f"{f.name}__gte": after}).update(**{f.name: today})
                )
    return {"按故事日期改写的时间": dated}
