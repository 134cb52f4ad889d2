"""Database errors are recognised by the constraint's name, the same on SQLite and
PostgreSQL (run the suite on both)."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from sanwei.core.db import violated_constraint

from ..factories import (
    ActivityFactory,
    AttendanceFactory,
    CampaignFactory,
    HouseholdFactory,
    PersonFactory,
    TeamFactory,
    make_id_number,
)


def constraint_of(make) -> str | None:
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        make()
    return violated_constraint(caught.value)


def test_a_second_person_with_the_same_id_number(tree):
    number = make_id_number()
    PersonFactory(region=tree["village_a"], id_number=number)
    made = constraint_of(lambda: PersonFactory(region=tree["village_b"], id_number=number))
    assert made == "unique_person_id_number"


def test_a_second_head_of_a_household(tree):
    household = HouseholdFactory(region=tree["village_a"])
    PersonFactory(region=tree["village_a"], household=household, relation_to_head="head")
    made = constraint_of(
        lambda: PersonFactory(
            region=tree["village_a"], household=household, relation_to_head="head"
        )
    )
    assert made == "one_head_per_household"


def test_a_second_team_of_the_same_name_in_a_region(tree):
    TeamFactory(region=tree["village_a"], name="宣讲队")
    made = constraint_of(lambda: TeamFactory(region=tree["village_a"], name="宣讲队"))
    assert made == "unique_team_name_in_region"


def test_the_same_attendance_twice(tree):
    attendance = AttendanceFactory(activity=ActivityFactory(region=tree["village_a"]))
    made = constraint_of(
        lambda: AttendanceFactory(
            activity=attendance.activity, person=attendance.person, role=attendance.role
        )
    )
    assert made == "one_attendance_per_person_role"


def test_a_check_constraint(tree):
    made = constraint_of(
        lambda: CampaignFactory(
            region=tree["town"], starts_on=dt.date(2023, 1, 2), ends_on=dt.date(2023, 1, 1)
        )
    )
    assert made == "campaign_ends_after_start"


def test_an_error_that_names_no_declared_constraint(tree):
    made = constraint_of(lambda: PersonFactory(region=tree["village_a"], name=None))
    assert made is None
