"""Every logged model records its changes field by field (before and after) and what a
deletion deleted, through the one mechanism of `core.audit` (a record remembers what it
was loaded with); personal values are masked. Shown on a handful of models through their
API, services and pages."""

import datetime as dt
import json

from sanwei.accounts.permissions import SYSTEM
from sanwei.accounts.tokens import create_token
from sanwei.core.models import ActionLog
from sanwei.needs import services as needs
from sanwei.people import services as people
from sanwei.quantities import services as quantities
from sanwei.teams import services as teams

from ..factories import (
    ActivityFactory,
    CampaignFactory,
    PersonFactory,
    QuantityFactory,
    TeamFactory,
    need_in_state,
)


def loaded(obj):
    """The record as a page or the API gets it: read from the database."""
    return type(obj).unscoped.get(pk=obj.pk)


def entry(action_type):
    return ActionLog.objects.get(action_type=action_type)


def test_an_activity_changed_through_the_api_records_each_field_before_and_after(
    client, tree, secretary_a
):
    campaign = CampaignFactory(region=tree["town"])
    starts = dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.UTC)
    activity = ActivityFactory(
        campaign=campaign,
        region=tree["village_a"],
        title="屋场会",
        place="村部",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
    )
    token = create_token(secretary_a, "tool")

    response = client.patch(
        f"/api/v1/activities/{activity.pk}",
        json.dumps({"title": "院坝会", "place": "二组晒谷坪"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        REMOTE_ADDR="203.0.113.9",
    )

    assert response.status_code == 200, response.content
    logged = entry("sanwei.activity.changed")
    assert logged.data["changes"] == {
        "title": {"before": "屋场会", "after": "院坝会"},
        "place": {"before": "村部", "after": "二组晒谷坪"},
    }
    assert (logged.user, logged.via, logged.ip_address) == (secretary_a, "token", "203.0.113.9")


def test_a_renamed_team_records_the_old_and_new_name(tree, secretary_a):
    team = loaded(TeamFactory(region=tree["village_a"], name="宣讲队"))
    team.name = "红色宣讲队"

    teams.save_team(team, user=secretary_a)

    assert entry("sanwei.team.changed").data["changes"] == {
        "name": {"before": "宣讲队", "after": "红色宣讲队"}
    }


def test_a_quantity_change_records_the_number_before_and_after(tree, town_admin):
    activity = ActivityFactory(region=tree["village_a"], campaign__region=tree["town"])
    quantity = QuantityFactory(activity=activity, item="宣传单", quantity=100, unit="份")
    quantity.quantity = 120

    quantities.save_quantity(quantity, user=town_admin)

    assert entry("sanwei.quantity.changed").data["changes"] == {
        "quantity": {"before": "100", "after": "120"}
    }


def test_a_need_accepted_records_its_state_from_and_to(tree):
    need = need_in_state("reported", region=tree["village_a"])

    needs.accept(need, user=SYSTEM)

    logged = entry("sanwei.need.accept")
    assert (logged.data["from"], logged.data["to"]) == ("reported", "accepted")
    assert logged.data["changes"]["state"] == {"before": "reported", "after": "accepted"}


def test_a_deleted_team_records_what_was_deleted(tree, secretary_a):
    team = TeamFactory(region=tree["village_a"], name="宣讲队")

    teams.delete_team(team, user=secretary_a)

    deleted = entry("sanwei.team.deleted").data["deleted"]
    assert (deleted["name"], deleted["region"]) == ("宣讲队", tree["village_a"].pk)


def test_a_deleted_person_is_recorded_with_the_phone_and_birth_date_masked(tree, secretary_a):
    person = PersonFactory(
        name="张三", region=tree["village_a"], phone="13800001234", birth_date=dt.date(1962, 3, 4)
    )

    people.delete_person(person, user=secretary_a)

    deleted = entry("sanwei.person.deleted").data["deleted"]
    assert deleted == {
        "region": tree["village_a"].pk,
        "name": "张三",
        "gender": "M",
        "birth_date": "****-**-**",
        "ethnicity": "汉族",
        "phone": "138****1234",
    }
    stored = str(ActionLog.objects.values_list("data", flat=True))
    assert "13800001234" not in stored and "1962" not in stored


def test_a_removed_membership_records_the_team_and_person(tree, secretary_a):
    team = TeamFactory(region=tree["village_a"], name="宣讲队")
    person = PersonFactory(region=tree["village_a"])
    membership = teams.add_member(team, person, user=secretary_a)

    teams.remove_membership(membership, user=secretary_a)

    deleted = entry("sanwei.membership.deleted").data["deleted"]
    assert (deleted["team"], deleted["person"]) == (team.pk, person.pk)


def test_two_changes_in_a_row_each_record_only_their_own(tree, secretary_a):
    team = loaded(TeamFactory(region=tree["village_a"], name="宣讲队", description=""))
    team.name = "红色宣讲队"
    teams.save_team(team, user=secretary_a)
    team.description = "每月一次"
    teams.save_team(team, user=secretary_a)

    changes = [
        e.data["changes"]
        for e in ActionLog.objects.filter(action_type="sanwei.team.changed").order_by("pk")
    ]
    assert changes == [
        {"name": {"before": "宣讲队", "after": "红色宣讲队"}},
        {"description": {"before": "", "after": "每月一次"}},
    ]


def test_an_anonymisation_keeps_none_of_the_erased_values(tree, town_admin):
    person = PersonFactory(name="张三", region=tree["village_a"], phone="13800001234")

    people.anonymise_person(person, user=town_admin)

    logged = entry("sanwei.person.anonymised")
    assert "changes" not in logged.data
    assert "张三" not in str(logged.data)
