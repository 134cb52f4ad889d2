"""The database itself refuses what the rules forbid, whatever code path writes."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from sanwei.activities.models import Attendance, Campaign
from sanwei.people.models import Person
from sanwei.teams.models import Membership

from ..factories import (
    ActivityFactory,
    CampaignFactory,
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
    make_id_number,
)


def test_one_person_per_id_number_across_regions(tree):
    number = make_id_number()
    PersonFactory(region=tree["village_a"], id_number=number)
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(region=tree["other_village"], id_number=number)
    assert Person.unscoped.count() == 1


def test_people_without_id_numbers_do_not_collide(tree):
    PersonFactory(region=tree["village_a"])
    PersonFactory(region=tree["village_a"])
    assert Person.unscoped.filter(id_number_hash__isnull=True).count() == 2


def test_no_plaintext_id_number_column_exists(tree):
    number = make_id_number()
    person = PersonFactory(region=tree["village_a"], id_number=number)
    row = Person.unscoped.filter(pk=person.pk).values().get()
    assert number not in {str(v) for v in row.values()}
    assert person.id_number == number


def test_a_household_has_at_most_one_head(tree):
    household = HouseholdFactory(region=tree["village_a"])
    PersonFactory(region=tree["village_a"], household=household, relation_to_head="head")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(region=tree["village_a"], household=household, relation_to_head="head")


def test_one_attendance_per_person_activity_and_role(tree):
    activity = ActivityFactory(region=tree["village_a"])
    person = PersonFactory(region=tree["village_a"])
    Attendance.objects.create(activity=activity, person=person, role="audience")
    Attendance.objects.create(activity=activity, person=person, role="volunteer")
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(activity=activity, person=person, role="audience")
    assert Attendance.unscoped.count() == 2


def test_one_open_membership_per_person_and_team(tree):
    membership = MembershipFactory(team__region=tree["village_a"], person__region=tree["village_a"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            team=membership.team, person=membership.person, started_on=dt.date(2023, 1, 1)
        )
    membership.ended_on = dt.date(2023, 1, 1)
    membership.save()
    Membership.objects.create(
        team=membership.team, person=membership.person, started_on=dt.date(2023, 2, 1)
    )


def test_campaign_cannot_end_before_it_starts(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignFactory(
            region=tree["town"], starts_on=dt.date(2023, 1, 2), ends_on=dt.date(2023, 1, 1)
        )
    assert Campaign.unscoped.count() == 0


def test_activity_cannot_end_before_it_starts(tree):
    activity = ActivityFactory.build(region=tree["village_a"])
    activity.campaign = CampaignFactory(region=tree["town"])
    activity.ends_at = activity.starts_at - dt.timedelta(minutes=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        activity.save()
