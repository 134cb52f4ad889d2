import datetime as dt
from decimal import Decimal

import pytest

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import AttendanceRole
from sanwei.volunteers import hours
from sanwei.volunteers.services import confirm_attendances

from ..factories import ActivityFactory, AttendanceFactory, PersonFactory, VolunteerProfileFactory
from .conftest import bj


@pytest.mark.parametrize(
    ("cumulative", "stars"),
    [
        (0, 0),
        (99.9, 0),
        (100, 1),
        (299.5, 1),
        (300, 2),
        (600, 3),
        (999, 3),
        (1000, 4),
        (1499.9, 4),
        (1500, 5),
        (4000, 5),
    ],
)
def test_star_level_from_cumulative_hours(cumulative, stars):
    assert hours.star_level(Decimal(str(cumulative))) == stars


def test_thresholds_are_the_deployments_setting(settings):
    settings.VOLUNTEER_STAR_THRESHOLDS = (10, 20, 30, 40, 50)

    assert hours.star_level(Decimal(25)) == 2
    assert hours.next_threshold(Decimal(25)) == 30


def _served(person, start, amount, *, confirmed=True, role=AttendanceRole.VOLUNTEER):
    activity = ActivityFactory(
        region=person.region, starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )
    attendance = AttendanceFactory(activity=activity, person=person, role=role, hours=amount)
    if confirmed:
        confirm_attendances(activity, user=SYSTEM)
    return attendance


def test_hours_sum_confirmed_volunteer_attendance_only(tree):
    person = PersonFactory(region=tree["village_a"])
    profile = VolunteerProfileFactory(person=person)
    for day in range(3, 8):
        _served(person, bj(2023, 1, day), "20")
    _served(person, bj(2023, 1, 8), "5.5")
    _served(person, bj(2023, 1, 9), "10", confirmed=False)  # not confirmed: not counted
    _served(person, bj(2023, 1, 10), "8", role=AttendanceRole.AUDIENCE)  # not a volunteer

    summary = hours.summary(profile)

    assert summary.attendance_hours == Decimal("105.5")
    assert summary.hours == Decimal("105.5")
    assert summary.stars == 1
    assert summary.next_threshold == 300


def test_ranking_per_village_and_town_most_hours_first_equal_hours_share_a_rank(tree):
    def volunteer(region, number, amount):
        person = PersonFactory(region=tree[region])
        VolunteerProfileFactory(person=person, number=number)
        if amount:
            _served(person, bj(2023, 2, 1), amount)
        return person

    a1 = volunteer("village_a", "430821104-0001", "12")
    a2 = volunteer("village_a", "430821104-0002", "20")
    a3 = volunteer("village_a", "430821104-0003", "12")
    b1 = volunteer("village_b", "430821104-0004", "15")
    volunteer("other_village", "430821105-0001", "23")

    village = [(r.rank, r.profile.person_id, r.hours) for r in hours.ranking(tree["village_a"])]
    town = [(r.rank, r.profile.person_id) for r in hours.ranking(tree["town"])]

    assert village == [
        (1, a2.pk, Decimal("20.0")),
        (2, a1.pk, Decimal("12.0")),
        (2, a3.pk, Decimal("12.0")),
    ]
    assert town == [(1, a2.pk), (2, b1.pk), (3, a1.pk), (3, a3.pk)]


def test_new_levels_this_month_are_those_who_crossed_a_threshold_since_last_month(tree):
    crossed = PersonFactory(region=tree["village_a"], name="甲")
    already = PersonFactory(region=tree["village_a"], name="乙")
    for person in (crossed, already):
        VolunteerProfileFactory(person=person)
    _served(crossed, bj(2023, 2, 10), "24")
    for day in range(1, 5):
        _served(crossed, bj(2023, 2, 10 + day), "20")  # 104 by the end of February
    for day in range(1, 6):
        _served(already, bj(2023, 2, day), "22")  # 110 in February
    _served(already, bj(2023, 3, 2), "5")  # 115 in March: still one star
    for day in range(1, 11):
        _served(crossed, bj(2023, 3, day), "20")  # 304 in March: two stars

    rows = hours.new_levels_this_month(tree["town"], today=dt.date(2023, 3, 20))

    assert [(r.profile.person.name, r.stars) for r in rows] == [("甲", 2)]
