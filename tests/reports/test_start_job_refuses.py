"""reports.jobs.start_job checks its caller itself, whoever calls it: without
reports.view_figures in the region (nobody, an anonymous user, a volunteer, another village's
secretary) it raises NotPermitted and records nothing; an unknown kind and a reversed period
are refused with a code."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.reports.jobs import start_job
from sanwei.reports.models import ReportJob

from .conftest import d


@pytest.mark.parametrize("caller", ["none", "anonymous", "volunteer_a", "secretary_b"])
def test_callers_without_the_figures_of_the_region_are_refused(caller, town, request):
    if caller == "none":
        user = None
    elif caller == "anonymous":
        user = AnonymousUser()
    else:
        user = request.getfixturevalue(caller)
    with pytest.raises(NotPermitted):
        start_job(user, "brief", town["village_a"], campaign=town["campaign"])
    assert not ReportJob.unscoped.exists()


def test_an_unknown_kind_and_a_reversed_period_are_refused(town, town_admin):
    with pytest.raises(ServiceError) as unknown:
        start_job(town_admin, "poster", town["town"])
    assert unknown.value.code == "unknown_kind"
    with pytest.raises(ServiceError) as reversed_period:
        start_job(town_admin, "brief", town["town"], start=d(3, 1), end=d(1, 1))
    assert reversed_period.value.code == "period_invalid"
    assert not ReportJob.unscoped.exists()


def test_the_secretary_builds_their_villages_workbook(town, secretary_a):
    job = start_job(secretary_a, "workbook", town["village_a"], start=d(1, 1), end=d(3, 31))
    job.refresh_from_db()
    assert (job.status, job.region, job.filename.endswith(".xlsx")) == (
        "done",
        town["village_a"],
        True,
    )
