"""The figures of a county cost the same number of queries as a village's: every module
groups by child region in the database, none loops over the children."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanwei.regions.models import RegionLevel
from sanwei.reports.figures import figures

from ..factories import ActivityFactory, AttendanceFactory, PersonFactory, RegionFactory

MAX_QUERIES = 25


def count_queries(region, campaign) -> int:
    with CaptureQueriesContext(connection) as queries:
        figures(region, campaign, today=dt.date(2023, 3, 1))
    return len(queries.captured_queries)


def test_a_county_of_many_towns_costs_what_a_village_costs(town):
    county = town["county"]
    for n in range(8):  # 8 more towns of 2 villages, each with an activity and its audience
        t = RegionFactory(code=f"430821{200 + n:03d}000", name=f"第{n}镇",
                          level=RegionLevel.TOWN, parent=county)  # fmt: skip
        for v in range(2):
            village = RegionFactory(code=f"430821{200 + n:03d}{201 + v:03d}", parent=t)
            activity = ActivityFactory(campaign=town["campaign"], region=village)
            AttendanceFactory(activity=activity, person=PersonFactory(region=village))
    village = count_queries(town["village_a"], town["campaign"])
    town_queries = count_queries(town["town"], town["campaign"])
    county_queries = count_queries(county, town["campaign"])
    assert len(figures(county, town["campaign"]).children) == 10
    assert village == town_queries == county_queries
    assert county_queries <= MAX_QUERIES
