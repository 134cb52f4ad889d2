"""Fixtures for the API convention tests: a JSON client with a bearer token, and one
object of each kind in village A (for paths such as /teams/{team_pk}/members)."""

from __future__ import annotations

import pytest

from sanwei.accounts.tokens import create_token

from ..factories import ActivityFactory, CampaignFactory, TeamFactory
from ..people.conftest import ApiClient


@pytest.fixture
def api_as(client):
    def _api(user) -> ApiClient:
        return ApiClient(client, create_token(user, "t"))

    return _api


@pytest.fixture
def campaign(tree):
    return CampaignFactory(region=tree["town"], theme="二十大", description="全镇专题")


@pytest.fixture
def activity(tree, campaign):
    return ActivityFactory(
        region=tree["village_a"], campaign=campaign, place="村部", notes="带好音响"
    )


@pytest.fixture
def team(tree):
    return TeamFactory(name="东岳观村宣讲队", region=tree["village_a"], description="老党员")


@pytest.fixture
def path_objects(activity, team) -> dict[str, int]:
    return {"activity_pk": activity.pk, "team_pk": team.pk, "campaign": activity.campaign_id}
