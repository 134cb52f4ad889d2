"""An id in a body that is unknown or outside the caller's scope is a 400
`<name>_unknown` on that field, whichever router takes it; nothing is written."""

import pytest

from sanwei.activities.models import Activity, Attendance
from sanwei.people.models import Person
from sanwei.teams.models import Membership, Team

from ..factories import CampaignFactory, HouseholdFactory, PersonFactory, TeamFactory


@pytest.fixture
def elsewhere(tree):
    """One object of each kind in village B, outside secretary A's scope."""
    village = tree["village_b"]
    return {
        "person": PersonFactory(region=village).pk,
        "household": HouseholdFactory(region=village).pk,
        "team": TeamFactory(region=village).pk,
        "campaign": CampaignFactory(region=village).pk,
    }


def test_references_outside_the_scope_are_400_unknown_on_their_field(
    api_as, secretary_a, tree, team, activity, elsewhere
):
    api = api_as(secretary_a)
    calls = [
        api.post(
            f"/api/v1/activities/{activity.pk}/attendance", {"person_id": elsewhere["person"]}
        ),
        api.post(f"/api/v1/teams/{team.pk}/members", {"person_id": elsewhere["person"]}),
        api.patch(f"/api/v1/teams/{team.pk}", {"parent_id": elsewhere["team"]}),
        api.patch(f"/api/v1/activities/{activity.pk}", {"campaign_id": elsewhere["campaign"]}),
        api.patch(f"/api/v1/activities/{activity.pk}", {"organising_team_id": elsewhere["team"]}),
        api.post(
            "/api/v1/people/",
            {"name": "李四", "region": "430821104201", "household_id": elsewhere["household"]},
        ),
    ]
    answers = [(r.status_code, r.json()["code"], r.json()["field"]) for r in calls]
    assert answers == [
        (400, "person_unknown", "person_id"),
        (400, "person_unknown", "person_id"),
        (400, "parent_unknown", "parent_id"),
        (400, "campaign_unknown", "campaign_id"),
        (400, "organising_team_unknown", "organising_team_id"),
        (400, "household_unknown", "household_id"),
    ]
    assert Attendance.unscoped.count() == 0
    assert Membership.unscoped.count() == 0
    assert Team.unscoped.get(pk=team.pk).parent_id is None
    assert Activity.unscoped.get().organising_team_id is None
    assert Person.unscoped.filter(name="李四").count() == 0
