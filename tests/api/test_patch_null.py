"""PATCH and null: null is accepted only where the field may be empty of a value (an
optional reference or date); for any other field it is a 400 and nothing changes.
Text is cleared with ""."""

import pytest

from sanwei.activities.models import Activity, Campaign
from sanwei.teams.models import Team


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/activities/campaigns/{campaign}", "theme"),
        ("/api/v1/activities/campaigns/{campaign}", "description"),
        ("/api/v1/activities/{activity}", "place"),
        ("/api/v1/activities/{activity}", "notes"),
    ],
)
def test_null_text_in_the_campaign_and_activity_patch_is_400_and_nothing_changes(
    api_as, town_admin, campaign, activity, path, field
):
    url = path.format(campaign=campaign.pk, activity=activity.pk)
    response = api_as(town_admin).patch(url, {field: None})
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": f"{field}：不能为 null",
        "field": field,
    }
    saved = Campaign.unscoped.get()
    assert (saved.theme, saved.description) == ("二十大", "全镇专题")
    saved = Activity.unscoped.get()
    assert (saved.place, saved.notes) == ("村部", "带好音响")


def test_empty_text_clears_a_text_field(api_as, town_admin, activity):
    response = api_as(town_admin).patch(f"/api/v1/activities/{activity.pk}", {"notes": ""})
    assert response.status_code == 200
    assert response.json()["notes"] == ""
    assert Activity.unscoped.get().notes == ""


def test_null_clears_an_optional_reference(api_as, town_admin, tree, team):
    child = Team.unscoped.create(name="分队", kind=team.kind, region=tree["village_a"])
    response = api_as(town_admin).patch(f"/api/v1/teams/{child.pk}", {"parent_id": None})
    assert response.status_code == 200
    assert response.json()["parent_id"] is None


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/teams/{team}", {"description": None}),
        ("/api/v1/teams/{team}", {"name": None}),
        ("/api/v1/activities/{activity}", {"title": None}),
        ("/api/v1/activities/{activity}", {"audience_headcount": None}),
        ("/api/v1/activities/campaigns/{campaign}", {"starts_on": None}),
        ("/api/v1/people/households/{household}", {"address": None}),
        ("/api/v1/people/{person}", {"notes": None}),
    ],
)
def test_null_for_a_field_that_cannot_be_empty_is_400_on_every_patch(
    api_as, town_admin, tree, team, activity, campaign, path, body
):
    from ..factories import HouseholdFactory, PersonFactory

    household = HouseholdFactory(region=tree["village_a"], address="东岳观村1组")
    person = PersonFactory(region=tree["village_a"], notes="低保户")
    url = path.format(
        team=team.pk,
        activity=activity.pk,
        campaign=campaign.pk,
        household=household.pk,
        person=person.pk,
    )
    response = api_as(town_admin).patch(url, body)
    [field] = body
    assert response.status_code == 400, url
    assert response.json() == {
        "code": "invalid",
        "message": f"{field}：不能为 null",
        "field": field,
    }
