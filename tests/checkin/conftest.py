from __future__ import annotations

import pytest
from django.core.cache import cache

from sanwei.activities.models import Activity
from sanwei.checkin.services import checkin_token

from ..factories import ActivityFactory, CampaignFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """The rate limit counts in the cache, per address: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def activity(tree) -> Activity:
    """A lecture in village A, running now (so its check-in is open)."""
    campaign = CampaignFactory(region=tree["town"])
    return ActivityFactory(
        campaign=campaign, region=tree["village_a"], title="党的二十大精神宣讲", place="村部广场"
    )


@pytest.fixture
def link(activity) -> str:
    return f"/c/{checkin_token(activity)}"
