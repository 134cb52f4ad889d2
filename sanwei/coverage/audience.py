"""Activity figures per session type read from the summary tables: what
`activities.figures.activity_counts` counts from the attendance rows, for a region's subtree
and each child region, without reading the attendance rows.

- Sessions and head counts come from the activities themselves (a county holds ~40,000);
- named person-times from `ActivityAudience` (named audience per activity), whatever the
  period, since a period selects whole activities;
- distinct persons per session type from `TypeAudienceCount` (distinct persons per campaign
  key, session type and region path, subtree and own) when no period is given. Distinct
  persons over an arbitrary date range cannot be added up from stored counts, so with a
  `start` or `end` they are counted from the attendance of the period's activities
  (`activities.figures.audience_persons`): a bounded query, through the activities' start
  index.

`reports.figures` reads this; `tests/reports/` asserts its figures by hand and
`tests/coverage/test_audience_counts_match_attendance.py` against the attendance count."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, Length

from sanwei.activities.figures import (
    TOTAL,
    TypeCounts,
    audience_persons,
    by_bucket_and_type,
    venues,
)
from sanwei.regions.models import Region
from sanwei.regions.services import child_path_length

from .models import EVERY_CAMPAIGN, TypeAudienceCount


def activity_counts(
    region: Region, *, campaign=None, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, dict[str, TypeCounts]]:
    """{bucket: {session type code: TypeCounts}} as `activities.figures.activity_counts`
    gives them (bucket `TOTAL`, each child's path, `region.path` for what is held at the
    region itself). Two queries."""
    held = venues(region, campaign=campaign, start=start, end=end)
    result: dict[str, dict[str, TypeCounts]] = defaultdict(lambda: defaultdict(TypeCounts))
    rows = by_bucket_and_type(
        held,
        region,
        "",
        sessions=Count(Coalesce("main_session_id", "id"), distinct=True),
        headcount=Sum("audience_headcount"),
        named=Sum("audience_summary__named"),
    )
    for bucket, type_code, sessions, headcount, named in rows:
        counts = result[bucket][type_code]
        counts.sessions += sessions
        counts.person_times += (headcount or 0) + (named or 0)
    if start or end:
        persons = audience_persons(held, region)
    else:
        persons = stored_persons(region, campaign)
    for bucket, type_code, n in persons:
        if n:
            result[bucket][type_code].persons += n
    return {bucket: dict(types) for bucket, types in result.items()}


def stored_persons(region: Region, campaign=None) -> list[tuple[str, str, int]]:
    """[(bucket, session type code, distinct persons)] of all time from the summary."""
    own_length, child_length = len(region.path), child_path_length(region)
    rows = (
        TypeAudienceCount.objects.filter(
            campaign_key=campaign.pk if campaign is not None else EVERY_CAMPAIGN,
            path__startswith=region.path,
        )
        .alias(length=Length("path"))
        .filter(length__in={own_length, child_length})
        .values_list("path", "activity_type__code", "persons", "own")
    )
    result = []
    for path, type_code, persons, own in rows:
        if path == region.path:
            result.append((TOTAL, type_code, persons))
            result.append((path, type_code, persons if child_length == own_length else own))
        else:
            result.append((path, type_code, persons))
    return result
