"""No page offers a <select> of more than 200 options, in the full demo town (6,000
households, ~670 activities) as its town admin: big choices are searchable pickers.

Every page route is opened, like the permission matrix does, with its URL kwargs filled
from the demo's own objects."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django_scopes import scopes_disabled

from sanwei.activities.models import Activity, ActivityType, Attendance, Campaign
from sanwei.imports.models import ImportJob
from sanwei.people.models import Household, Person
from sanwei.regions.models import Region
from sanwei.teams.models import Membership, Team

from ..accounts.test_permission_matrix import fill, page_routes
from .conftest import demo_town_for_module
from .html import selects

MAX_OPTIONS = 200
FULL = 1.0

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_town(django_db_setup, django_db_blocker):
    with demo_town_for_module(django_db_blocker, scale=FULL) as summary:
        yield summary


def _first_pks() -> dict[str, int]:
    """One object of each kind in the demo (those it has), for the URL kwargs."""
    with scopes_disabled():
        managers = {
            "person_pk": Person.unscoped,
            "household_pk": Household.unscoped,
            "team_pk": Team.unscoped,
            "membership_pk": Membership.unscoped,
            "campaign_pk": Campaign.unscoped,
            "activity_pk": Activity.unscoped.filter(main_session__isnull=True),
            "attendance_pk": Attendance.unscoped,
            "activity_type_pk": ActivityType.objects,
            "region_pk": Region.unscoped.filter(code="430821104000"),
            "import_pk": ImportJob.unscoped,
        }
        pks = {name: manager.order_by("pk").values_list("pk", flat=True).first() for name, manager in managers.items()}  # fmt: skip
    return {name: pk for name, pk in pks.items() if pk is not None}


def test_the_demo_is_the_full_town(demo_town):
    assert demo_town.households >= 6000
    assert demo_town.activities >= 600


def test_no_page_renders_a_select_of_more_than_200_options(demo_town, client):
    client.force_login(get_user_model().objects.get(username="town"))
    objects = _first_pks()
    checked, biggest = [], {}
    for name, pattern, kwargs in page_routes():
        if not set(kwargs) <= set(objects):
            continue
        response = client.get(fill(pattern, kwargs, objects))
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for select in selects(response.content.decode()):
            biggest[(name, select.name)] = select.options
        checked.append(name)

    too_big = {key: n for key, n in biggest.items() if n > MAX_OPTIONS}
    assert too_big == {}
    assert len(checked) >= 25, checked
    for form_page in ("people:person_create", "activities:activity_create", "teams:team_create"):
        assert form_page in checked
