"""Summary tables the coverage engine reads instead of scanning every attendance.

Both are derived data, written only by database triggers on the source tables
(`coverage.summary` creates them, for PostgreSQL and SQLite), so every write path keeps
them true: the services, bulk writes, cascades, the admin, raw SQL. Django never saves
them (their foreign keys are `DO_NOTHING` without database constraints: the triggers
remove what the source rows no longer justify). `sanwei rebuild_coverage` recomputes them
from scratch after a bulk load with triggers off; `summary.drift()` compares them with a
full recomputation (the tests do, after random writes through every path).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


def _untracked(model: str, **kwargs) -> models.ForeignKey:
    return models.ForeignKey(
        model, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", **kwargs
    )


class CampaignReach(models.Model):
    """One row per (campaign, person) the campaign has reached: the person attended, as
    audience, an activity of the campaign in the 微课堂 pillar (engine.REACHING_PILLAR).
    The person's region, household and party membership are copied from the person (and
    kept in step by a trigger on people_person) so counting by region reads one table."""

    campaign = _untracked("activities.Campaign")
    person = _untracked("people.Person")
    region = _untracked("regions.Region")
    household = _untracked("people.Household", null=True)
    is_party_member = models.BooleanField()

    class Meta:
        verbose_name = _("覆盖汇总")
        verbose_name_plural = _("覆盖汇总")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="one_reach_per_person"),
        ]
        indexes = [
            # Covering: a town's reached persons, party members and households are read
            # from the index alone (no visit to the table's rows).
            models.Index(
                fields=["campaign", "region"],
                include=["id", "is_party_member", "household"],
                name="reach_campaign_region",
            ),
            models.Index(fields=["campaign", "household"], name="reach_campaign_household"),
            models.Index(fields=["person"], name="reach_person"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.person_id}"


class ActivityAudience(models.Model):
    """Named audience attendances of one activity (its 人次 beside the head count)."""

    activity = models.OneToOneField(
        "activities.Activity",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="audience_summary",
    )
    named = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("活动受众人次汇总")
        verbose_name_plural = _("活动受众人次汇总")

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.named}"


# `TypeAudience.campaign_key` of the rows that count every campaign's activities together.
EVERY_CAMPAIGN = 0


class TypeAudience(models.Model):
    """One row per (person, campaign key, session type, venue region) where the person is
    named audience at a venue of that session type (a sub-venue has its main session's
    type) held at exactly that region: once under `campaign_key` = the venue's campaign and
    once under `EVERY_CAMPAIGN` (0). The distinct persons per type of any subtree are the
    distinct persons of these rows under it, counted in `TypeAudienceCount`."""

    pk = models.CompositePrimaryKey("person", "campaign_key", "activity_type", "region")
    person = _untracked("people.Person", db_index=False)
    campaign_key = models.PositiveIntegerField()  # a campaign's id, or EVERY_CAMPAIGN
    activity_type = _untracked("activities.ActivityType", db_index=False)
    region = _untracked("regions.Region", db_index=False)

    class Meta:
        verbose_name = _("活动类型受众汇总")
        verbose_name_plural = _("活动类型受众汇总")

    def __str__(self) -> str:
        return f"{self.campaign_key}:{self.activity_type_id}:{self.region_id}:{self.person_id}"


class TypeAudienceCount(models.Model):
    """Distinct named audience persons per (campaign key, session type, region path):
    `persons` of the venues in the subtree of every region path (each prefix of a venue
    region's path, by the level lengths), `own` of the venues at exactly that path.
    Counted from `TypeAudience` by its triggers; a row may stay behind with zeros."""

    pk = models.CompositePrimaryKey("campaign_key", "path", "activity_type")
    campaign_key = models.PositiveIntegerField()
    path = models.CharField(max_length=15)
    activity_type = _untracked("activities.ActivityType", db_index=False)
    persons = models.IntegerField(default=0)
    own = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("活动类型受众人数汇总")
        verbose_name_plural = _("活动类型受众人数汇总")

    def __str__(self) -> str:
        return f"{self.campaign_key}:{self.path}:{self.activity_type_id}: {self.persons}"


# `RegionCount.campaign_key` / `HouseholdCount.campaign_key` of the registered residents.
RESIDENTS = 0


class RegionCount(models.Model):
    """Residents, and a campaign's reached persons, per region path: under `campaign_key`
    `RESIDENTS` (0) the persons registered (`people_person`), under a campaign's id the
    persons it reached (`CampaignReach`). For every region path (each prefix of a person's
    region path, by the level lengths): `persons`, `party_members` and `households` (those
    with a member registered) under the path, and the `own_…` figures of exactly that path.
    Kept by triggers on the person and reach rows (`coverage.summary`); a row may stay behind
    with zeros."""

    pk = models.CompositePrimaryKey("campaign_key", "path")
    campaign_key = models.PositiveIntegerField()  # RESIDENTS, or a campaign's id
    path = models.CharField(max_length=15)
    persons = models.IntegerField(default=0)
    party_members = models.IntegerField(default=0)
    households = models.IntegerField(default=0)
    own_persons = models.IntegerField(default=0)
    own_party_members = models.IntegerField(default=0)
    own_households = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("区划人数汇总")
        verbose_name_plural = _("区划人数汇总")

    def __str__(self) -> str:
        return f"{self.campaign_key}:{self.path}: {self.persons}"


class HouseholdCount(models.Model):
    """How many members of a household (registered, or reached by a campaign: the key as in
    `RegionCount`) are registered under each region path (`members`) and exactly at it
    (`own`): a household counts in `RegionCount.households` of a path while it has a member
    there. The triggers keep it so that they never have to look at the other members (a
    statement that moves a whole household stays exact); rows at 0 are removed."""

    pk = models.CompositePrimaryKey("campaign_key", "household", "path")
    campaign_key = models.PositiveIntegerField()
    household = _untracked("people.Household", db_index=False)
    path = models.CharField(max_length=15)
    members = models.IntegerField(default=0)
    own = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("户成员人数汇总")
        verbose_name_plural = _("户成员人数汇总")

    def __str__(self) -> str:
        return f"{self.campaign_key}:{self.household_id}:{self.path}: {self.members}"
