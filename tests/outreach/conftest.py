"""A town campaign, village A's hard-to-reach residents and the logins that do 送学."""

from __future__ import annotations

import datetime as dt

import pytest

from sanwei.accounts.models import Role

from ..factories import CampaignFactory, HouseholdFactory, PersonFactory, user_with_role


@pytest.fixture
def campaign(tree):
    return CampaignFactory(region=tree["town"], starts_on=dt.date(2022, 10, 25))


@pytest.fixture
def leader_a(tree):
    return user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")


@pytest.fixture
def volunteer_b(tree):
    return user_with_role(Role.VOLUNTEER, tree["village_b"], username="volunteer_b")


@pytest.fixture
def household_a(tree):
    """王家: the head (82), his wife (79, frail) and their son (away working)."""
    household = HouseholdFactory(region=tree["village_a"], address="东岳观村三组12号")
    village = tree["village_a"]
    PersonFactory(
        region=village, household=household, relation_to_head="head", name="王大山",
        birth_date=dt.date(1940, 3, 1),
    )  # fmt: skip
    PersonFactory(
        region=village, household=household, relation_to_head="spouse", name="李秀英",
        birth_date=dt.date(1943, 6, 1), is_frail=True,
    )  # fmt: skip
    PersonFactory(
        region=village, household=household, relation_to_head="child", name="王小军",
        birth_date=dt.date(1975, 1, 1), is_migrant=True,
    )  # fmt: skip
    return household
